namespace Mesh.Grains.Delivery;

/// <summary>Where and how a dispatcher delivers: a resolved subscriber plus its effective delivery settings.</summary>
/// <param name="Owner">The trigger or subscription, as <c>namespace/name</c>, for logs and dead-letter attributes.</param>
public sealed record DispatchTarget(string Owner, string Namespace, Uri Subscriber, DeliverySpec Delivery);
