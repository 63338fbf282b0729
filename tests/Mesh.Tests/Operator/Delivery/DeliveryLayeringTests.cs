using Mesh.Grains.Delivery;
using Mesh.Operator.Addressing;
using Mesh.Operator.Delivery;

namespace Mesh.Tests.Operator.Delivery;

public sealed class DeliveryLayeringTests
{
    private static readonly DeliveryDeclaration Parent = new(
        Retry: 5,
        BackoffPolicy: BackoffPolicy.Linear,
        BackoffDelay: TimeSpan.FromSeconds(1),
        BackoffMax: TimeSpan.FromSeconds(10),
        RetryAfterMax: TimeSpan.FromSeconds(20),
        Timeout: TimeSpan.FromSeconds(3),
        DeadLetterSink: new Destination(null, "http://broker-dls/"),
        Format: EventFormat.Binary);

    [Fact]
    public void A_child_without_delivery_has_its_parents_on_every_field() =>
        DeliveryLayering.Over(null, Parent).ShouldBe(Parent);

    [Fact]
    public void An_empty_child_inherits_every_field() =>
        DeliveryLayering.Over(new DeliveryDeclaration(), Parent).ShouldBe(Parent);

    [Fact]
    public void Without_a_parent_the_child_stands_as_it_is()
    {
        var child = new DeliveryDeclaration(Retry: 1);
        DeliveryLayering.Over(child, null).ShouldBe(child);
    }

    [Fact]
    public void A_full_child_wins_on_every_field()
    {
        var child = new DeliveryDeclaration(1, BackoffPolicy.Exponential, TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(2),
            TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6), new Destination(null, "http://trigger-dls/"), EventFormat.Structured);
        DeliveryLayering.Over(child, Parent).ShouldBe(child);
    }

    public static TheoryData<DeliveryDeclaration, DeliveryDeclaration> OneFieldOverrides => new()
    {
        { new DeliveryDeclaration(Retry: 0), Parent with { Retry = 0 } },
        { new DeliveryDeclaration(BackoffPolicy: BackoffPolicy.Exponential), Parent with { BackoffPolicy = BackoffPolicy.Exponential } },
        { new DeliveryDeclaration(BackoffDelay: TimeSpan.Zero), Parent with { BackoffDelay = TimeSpan.Zero } },
        { new DeliveryDeclaration(BackoffMax: TimeSpan.FromMinutes(1)), Parent with { BackoffMax = TimeSpan.FromMinutes(1) } },
        { new DeliveryDeclaration(RetryAfterMax: TimeSpan.FromSeconds(1)), Parent with { RetryAfterMax = TimeSpan.FromSeconds(1) } },
        { new DeliveryDeclaration(Timeout: TimeSpan.FromMilliseconds(100)), Parent with { Timeout = TimeSpan.FromMilliseconds(100) } },
        { new DeliveryDeclaration(DeadLetterSink: new Destination(null, "http://trigger-dls/")), Parent with { DeadLetterSink = new Destination(null, "http://trigger-dls/") } },
        { new DeliveryDeclaration(Format: EventFormat.Structured), Parent with { Format = EventFormat.Structured } },
    };

    [Theory]
    [MemberData(nameof(OneFieldOverrides))]
    public void One_set_field_overrides_only_that_field(DeliveryDeclaration child, DeliveryDeclaration expected) =>
        DeliveryLayering.Over(child, Parent).ShouldBe(expected);

    [Fact]
    public void The_defaults_fill_only_what_neither_child_nor_parent_sets()
    {
        var effective = DeliveryLayering.Effective(new DeliveryDeclaration(Timeout: TimeSpan.FromSeconds(1)), new DeliveryDeclaration(Retry: 2));
        effective.ShouldBe(new DeliveryDeclaration(Retry: 2, BackoffPolicy: BackoffPolicy.Exponential, BackoffDelay: TimeSpan.FromMilliseconds(200),
            Timeout: TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Nothing_declared_anywhere_is_ten_exponential_retries_from_200_ms() =>
        DeliveryLayering.Effective(null).ShouldBe(new DeliveryDeclaration(Retry: 10, BackoffPolicy: BackoffPolicy.Exponential, BackoffDelay: TimeSpan.FromMilliseconds(200)));

    [Fact]
    public void A_retry_of_zero_is_a_setting_the_defaults_do_not_replace() =>
        DeliveryLayering.Effective(new DeliveryDeclaration(Retry: 0)).Retry.ShouldBe(0);
}
