namespace Mesh.Grains.Delivery;

/// <summary>Where a dispatcher's deliveries wait once memory holds <paramref name="MaxQueued"/> of them.</summary>
/// <param name="Consumer">The journal's name for the consumer whose backlog this is.</param>
/// <param name="MaxQueued">Deliveries held in memory at most (<c>Mesh:Delivery:MaxQueuedPerTrigger</c>).</param>
/// <param name="Overflow">
/// Memory mode: tells the producer (a broker's router, a channel) whether to journal this consumer's
/// events before handing them over; null when the consumer journals its own events (a source).
/// </param>
public sealed record BacklogOptions(string Consumer, int MaxQueued, Func<bool, Task>? Overflow = null);
