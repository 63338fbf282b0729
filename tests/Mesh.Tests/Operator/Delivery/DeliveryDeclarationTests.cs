using Mesh.Grains.Delivery;
using Mesh.Operator.Addressing;
using Mesh.Operator.Delivery;
using Mesh.Operator.Resources;

namespace Mesh.Tests.Operator.Delivery;

public sealed class DeliveryDeclarationTests
{
    [Theory]
    [InlineData("PT0.2S", 200)]
    [InlineData("PT1M", 60_000)]
    [InlineData("PT1H30M", 5_400_000)]
    [InlineData("P1D", 86_400_000)]
    [InlineData("PT0S", 0)]
    public void ISO_8601_durations_parse_to_their_length(string text, long milliseconds)
    {
        IsoDuration.Parse(text).ShouldBe(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Theory]
    [InlineData("1s")]
    [InlineData("PT")]
    [InlineData("P")]
    [InlineData("-PT1S")]
    [InlineData("PT-1S")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("200ms")]
    public void Malformed_or_negative_durations_are_refused(string? text)
    {
        IsoDuration.Parse(text).ShouldBeNull();
    }

    [Fact]
    public void A_valid_delivery_block_has_no_errors()
    {
        var errors = Validate("""{"retry": 3, "backoffPolicy": "linear", "backoffDelay": "PT0.5S", "backoffMax": "PT10S", "timeout": "PT2S", "deadLetterSink": {"uri": "http://dls.example/"}}""");
        errors.Items.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"retry": -1}""", "spec.delivery.retry")]
    [InlineData("""{"retry": 1.5}""", "spec.delivery.retry")]
    [InlineData("""{"retry": "3"}""", "spec.delivery.retry")]
    [InlineData("""{"retry": 3000000000}""", "spec.delivery.retry")]
    [InlineData("""{"backoffPolicy": "random"}""", "spec.delivery.backoffPolicy")]
    [InlineData("""{"backoffDelay": "1s"}""", "spec.delivery.backoffDelay")]
    [InlineData("""{"timeout": "PT"}""", "spec.delivery.timeout")]
    [InlineData("""{"format": "xml"}""", "spec.delivery.format")]
    [InlineData("""{"deadLetterSink": {"uri": "relative/path"}}""", "spec.delivery.deadLetterSink.uri")]
    [InlineData("""[]""", "spec.delivery")]
    public void Each_invalid_field_is_named_by_its_path(string json, string field)
    {
        Validate(json).Items.Select(e => e.Field).ShouldBe([field]);
    }

    [Fact]
    public void Reading_a_delivery_block_gives_typed_settings()
    {
        var errors = new FieldErrors();
        var delivery = DeliveryDeclaration.Parse(JsonNode.Parse("""
            {"retry": 2, "backoffPolicy": "linear", "backoffDelay": "PT0.2S", "format": "binary", "deadLetterSink": {"uri": "http://dls/"}}
            """), "spec.delivery", errors);
        errors.Items.ShouldBeEmpty();
        delivery.ShouldBe(new DeliveryDeclaration(Retry: 2, BackoffPolicy: BackoffPolicy.Linear, BackoffDelay: TimeSpan.FromMilliseconds(200),
            DeadLetterSink: new Destination(null, "http://dls/"), Format: EventFormat.Binary));
        delivery!.ToSpec(new Resolution(new Uri("http://dls/"))).ShouldBe(new DeliverySpec(Retry: 2, BackoffPolicy: BackoffPolicy.Linear,
            BackoffDelay: TimeSpan.FromMilliseconds(200), DeadLetterUri: "http://dls/", Format: EventFormat.Binary));
    }

    [Fact]
    public void A_delivery_block_written_back_reads_the_same()
    {
        var errors = new FieldErrors();
        var delivery = DeliveryDeclaration.Parse(JsonNode.Parse("""
            {"retry": 3, "backoffPolicy": "exponential", "backoffDelay": "PT0.5S", "backoffMax": "PT1M", "retryAfterMax": "PT2M",
             "timeout": "PT3S", "format": "json", "deadLetterSink": {"ref": {"apiVersion": "v1", "kind": "Service", "name": "dls"}, "uri": "/x"}}
            """), "spec.delivery", errors)!;
        DeliveryDeclaration.Parse(delivery.ToJson(), "spec.delivery", errors).ShouldBe(delivery);
        errors.Items.ShouldBeEmpty();
    }

    [Fact]
    public void No_delivery_block_reads_as_null()
    {
        var errors = new FieldErrors();
        DeliveryDeclaration.Parse(null, "spec.delivery", errors).ShouldBeNull();
        errors.Any.ShouldBeFalse();
    }

    private static FieldErrors Validate(string json)
    {
        var errors = new FieldErrors();
        DeliveryDeclaration.Parse(JsonNode.Parse(json), "spec.delivery", errors);
        return errors;
    }
}
