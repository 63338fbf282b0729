using Mesh.Grains.Delivery;

namespace Mesh.Operator.Delivery;

/// <summary>
/// The one rule for delivery settings, the same for every kind: a child's delivery (a trigger's, a
/// subscription's, a source's, a sequence step's) is layered over its parent's (its broker's or
/// channel's) field by field, the child's value winning wherever it sets one; the mesh's defaults fill
/// what neither sets, applied once, at the end.
/// </summary>
public static class DeliveryLayering
{
    /// <summary>
    /// What no layer sets: 10 retries, exponential backoff from 200 ms, as Knative's default broker
    /// configuration (<c>config-br-defaults</c>) gives every broker.
    /// </summary>
    public static DeliveryDeclaration Defaults { get; } = new(Retry: 10, BackoffPolicy: BackoffPolicy.Exponential, BackoffDelay: TimeSpan.FromMilliseconds(200));

    /// <summary>The delivery a dispatcher works with: <paramref name="child"/> over <paramref name="parent"/>, over <see cref="Defaults"/>.</summary>
    public static DeliveryDeclaration Effective(DeliveryDeclaration? child, DeliveryDeclaration? parent = null) =>
        Over(Over(child, parent), Defaults)!;

    /// <summary>
    /// Field by field: where <paramref name="child"/> sets a value it wins, elsewhere <paramref name="parent"/>'s
    /// stands. Without defaults, for declarations built from others (a channel's backing channel).
    /// </summary>
    public static DeliveryDeclaration? Over(DeliveryDeclaration? child, DeliveryDeclaration? parent) =>
        child is null ? parent
        : parent is null ? child
        : new(
            child.Retry ?? parent.Retry,
            child.BackoffPolicy ?? parent.BackoffPolicy,
            child.BackoffDelay ?? parent.BackoffDelay,
            child.BackoffMax ?? parent.BackoffMax,
            child.RetryAfterMax ?? parent.RetryAfterMax,
            child.Timeout ?? parent.Timeout,
            child.DeadLetterSink ?? parent.DeadLetterSink,
            child.Format ?? parent.Format);
}
