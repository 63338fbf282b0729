using Mesh.Grains.Delivery;
using Mesh.Grains.Filtering;

namespace Mesh.Grains.Triggers;

/// <summary>A trigger as the data plane needs it: broker, filter, resolved subscriber and effective delivery.</summary>
/// <param name="Broker">The broker's grain key, <c>"{namespace}/{name}"</c>.</param>
/// <param name="SubscriberUri">Null when the subscriber could not be resolved; the trigger then takes no events.</param>
/// <param name="Delivery">The trigger's delivery settings laid over its broker's.</param>
/// <param name="Order">From the annotation <c>mesh.dev/delivery-order</c>; unordered when absent.</param>
[GenerateSerializer, Immutable, Alias("mesh.trigger-spec")]
public sealed record TriggerSpec(
    [property: Id(0)] string Broker,
    [property: Id(1)] FilterSpec Filter,
    [property: Id(2)] string? SubscriberUri,
    [property: Id(3)] DeliverySpec Delivery,
    [property: Id(4)] bool Active,
    [property: Id(5)] DestinationAuth? SubscriberAuth = null,
    [property: Id(6)] DeliveryOrder Order = DeliveryOrder.Unordered);
