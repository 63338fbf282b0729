namespace Mesh.Grains.Delivery;

/// <summary>How a trigger or subscription orders its deliveries (annotation <c>mesh.dev/delivery-order</c>).</summary>
[GenerateSerializer, Alias("mesh.delivery-order")]
public enum DeliveryOrder
{
    /// <summary>Deliveries run in parallel, up to <c>Mesh:Delivery:MaxInFlightPerTrigger</c>: fastest, no order.</summary>
    Unordered = 0,

    /// <summary>
    /// Events with the same <c>partitionkey</c> (Knative's partitioning extension; events without one
    /// share a key) are delivered one at a time, in acceptance order; other keys run in parallel.
    /// </summary>
    Ordered = 1,
}
