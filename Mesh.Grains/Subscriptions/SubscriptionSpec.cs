using Mesh.Grains.Delivery;

namespace Mesh.Grains.Subscriptions;

/// <summary>A subscription as the data plane needs it: its channel and resolved subscriber, reply and delivery.</summary>
/// <param name="Channel">The channel's grain key, <c>"{namespace}/{name}"</c>.</param>
/// <param name="SubscriberUri">Where events go; when null, events go straight to the reply.</param>
/// <param name="ReplyUri">Where the subscriber's replies go; without one they are dropped.</param>
/// <param name="Order">From the annotation <c>mesh.dev/delivery-order</c>; unordered when absent.</param>
[GenerateSerializer, Immutable, Alias("mesh.subscription-spec")]
public sealed record SubscriptionSpec(
    [property: Id(0)] string Channel,
    [property: Id(1)] string? SubscriberUri,
    [property: Id(2)] string? ReplyUri,
    [property: Id(3)] DeliverySpec Delivery,
    [property: Id(4)] bool Active,
    [property: Id(5)] DestinationAuth? SubscriberAuth = null,
    [property: Id(6)] DestinationAuth? ReplyAuth = null,
    [property: Id(7)] DeliveryOrder Order = DeliveryOrder.Unordered);
