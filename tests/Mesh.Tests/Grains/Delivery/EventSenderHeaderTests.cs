using CloudNative.CloudEvents.Http;
using CsCheck;
using Mesh.Grains.Delivery;

namespace Mesh.Tests.Grains.Delivery;

/// <summary>
/// Binary-mode attribute headers are encoded as the CloudEvents SDK encodes them: the sender skips
/// the SDK only for values it would leave unchanged, which the SDK stays the judge of.
/// </summary>
public sealed class EventSenderHeaderTests
{
    // Mostly printable ASCII, with the characters the binding encodes (space, '"', '%', controls,
    // non-ASCII and characters beyond the BMP) mixed in.
    private static readonly Gen<string> AttributeValues = Gen.Frequency(
        (8, Gen.Char['!', '~']),
        (1, Gen.OneOf(Gen.Const(' '), Gen.Const('"'), Gen.Const('%'), Gen.Char['\0', '\x1f'], Gen.Const('\x7f'))),
        (1, Gen.Char['\x80', '\uD7FF']))
        .Array[0, 40]
        .Select(Gen.Bool, (chars, emoji) => new string(chars) + (emoji ? "\U0001F600" : ""));

    [Fact]
    public void A_header_value_is_what_the_SDK_makes_of_it() =>
        AttributeValues.Sample(value => EventSender.HeaderValue(value).ShouldBe(HttpUtilities.EncodeHeaderValue(value)), iter: 20_000);

    [Theory]
    [InlineData("com.example.order.created")]
    [InlineData("/orders/42?x=1&y=[2]")]
    public void A_value_that_needs_no_encoding_is_sent_as_it_is(string value) =>
        EventSender.HeaderValue(value).ShouldBeSameAs(value);

    [Theory]
    [InlineData("a b", "a%20b")]
    [InlineData("100%", "100%25")]
    [InlineData("say \"hi\"", "say%20%22hi%22")]
    [InlineData("café", "caf%C3%A9")]
    public void A_value_with_characters_the_binding_encodes_is_percent_encoded(string value, string sent) =>
        EventSender.HeaderValue(value).ShouldBe(sent);
}
