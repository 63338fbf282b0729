using CloudNative.CloudEvents;
using CsCheck;
using Mesh.Gateway.Ingress;

namespace Mesh.Tests.Gateway.Ingress;

/// <summary>The SDK is the oracle: a time recognised as canonical is one the SDK reads and writes back unchanged.</summary>
public sealed class CanonicalTimeTests
{
    private static readonly CloudEventAttribute Time = CloudEventsSpecVersion.V1_0.TimeAttribute;

    /// <summary>Timestamps near the canonical form: digits anywhere, separators mostly right, any length around 20 and 24.</summary>
    private static readonly Gen<string> NearlyCanonical = Gen.Select(
        Gen.Int[0, 10_000], Gen.Int[0, 13], Gen.Int[0, 32], Gen.Int[0, 24], Gen.Int[0, 60], Gen.Int[0, 60], Gen.Int[0, 1000],
        Gen.OneOf("Z", "z", "+00:00", "+01:00", ""), Gen.OneOf("T", "t", " "), Gen.Int[0, 3],
        (year, month, day, hour, minute, second, millis, zone, t, precision) =>
        {
            var fraction = precision switch { 0 => "", 1 => $".{millis:000}", 2 => $".{millis:000}000", _ => $".{millis % 100:00}" };
            return $"{year:0000}-{month:00}-{day:00}{t}{hour:00}:{minute:00}:{second:00}{fraction}{zone}";
        });

    [Fact]
    public void A_time_recognised_as_canonical_is_one_the_SDK_writes_back_unchanged() =>
        NearlyCanonical.Sample(text =>
        {
            if (!CanonicalTime.IsCanonical(text)) return;
            Time.Format(Time.Parse(text)).ShouldBe(text);
        }, iter: 20_000);

    [Fact]
    public void Every_UTC_time_the_SDK_writes_with_at_most_milliseconds_is_recognised() =>
        Gen.Long[DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks].Select(Gen.Int[0, 2], (ticks, precision) =>
            new DateTimeOffset(ticks - ticks % (precision == 0 ? TimeSpan.TicksPerSecond : TimeSpan.TicksPerMillisecond), TimeSpan.Zero))
        .Sample(at => CanonicalTime.IsCanonical(Time.Format(at)).ShouldBeTrue(Time.Format(at)), iter: 20_000);

    [Theory]
    [InlineData("2024-05-06T07:08:09.000Z")] // whole seconds: the SDK drops the fraction
    [InlineData("2024-02-30T00:00:00Z")]
    [InlineData("2024-05-06T07:08:09+00:00")]
    [InlineData("2024-05-06t07:08:09Z")]
    public void Times_the_SDK_would_rewrite_or_refuse_are_not_canonical(string text) =>
        CanonicalTime.IsCanonical(text).ShouldBeFalse();
}
