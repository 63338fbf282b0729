using Mesh.Grains.Delivery;

namespace Mesh.Tests.Grains.Delivery;

public sealed class DeliverySpecTests
{
    private static readonly DeliverySpec Broker = new(
        Retry: 5,
        BackoffPolicy: BackoffPolicy.Linear,
        BackoffDelay: TimeSpan.FromSeconds(1),
        BackoffMax: TimeSpan.FromSeconds(10),
        RetryAfterMax: TimeSpan.FromSeconds(20),
        Timeout: TimeSpan.FromSeconds(3),
        DeadLetterUri: "http://broker-dls/",
        Format: EventFormat.Binary);

    [Fact]
    public void An_empty_spec_inherits_every_field() =>
        new DeliverySpec().OverridesOn(Broker).ShouldBe(Broker);

    [Fact]
    public void No_fallback_keeps_the_spec_as_is()
    {
        var trigger = new DeliverySpec(Retry: 1);
        trigger.OverridesOn(null).ShouldBe(trigger);
    }

    [Fact]
    public void A_full_spec_wins_on_every_field()
    {
        var trigger = new DeliverySpec(1, BackoffPolicy.Exponential, TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(2),
            TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6), "http://trigger-dls/", EventFormat.Structured);
        trigger.OverridesOn(Broker).ShouldBe(trigger);
    }

    public static TheoryData<DeliverySpec, DeliverySpec> OneFieldOverrides => new()
    {
        { new DeliverySpec(Retry: 0), Broker with { Retry = 0 } },
        { new DeliverySpec(BackoffPolicy: BackoffPolicy.Exponential), Broker with { BackoffPolicy = BackoffPolicy.Exponential } },
        { new DeliverySpec(BackoffDelay: TimeSpan.Zero), Broker with { BackoffDelay = TimeSpan.Zero } },
        { new DeliverySpec(BackoffMax: TimeSpan.FromMinutes(1)), Broker with { BackoffMax = TimeSpan.FromMinutes(1) } },
        { new DeliverySpec(RetryAfterMax: TimeSpan.FromSeconds(1)), Broker with { RetryAfterMax = TimeSpan.FromSeconds(1) } },
        { new DeliverySpec(Timeout: TimeSpan.FromMilliseconds(100)), Broker with { Timeout = TimeSpan.FromMilliseconds(100) } },
        { new DeliverySpec(DeadLetterUri: "http://trigger-dls/"), Broker with { DeadLetterUri = "http://trigger-dls/" } },
        { new DeliverySpec(Format: EventFormat.Structured), Broker with { Format = EventFormat.Structured } },
    };

    [Theory]
    [MemberData(nameof(OneFieldOverrides))]
    public void One_set_field_overrides_only_that_field(DeliverySpec trigger, DeliverySpec expected) =>
        trigger.OverridesOn(Broker).ShouldBe(expected);

    [Fact]
    public void Fields_unset_on_both_sides_stay_unset()
    {
        var merged = new DeliverySpec(Retry: 2).OverridesOn(new DeliverySpec(BackoffDelay: TimeSpan.FromSeconds(1)));
        merged.ShouldBe(new DeliverySpec(Retry: 2, BackoffDelay: TimeSpan.FromSeconds(1)));
    }
}
