namespace Mesh.Grains.Telemetry;

/// <summary>
/// Cumulative counts for one object since its telemetry started in one process; the topology page
/// turns differences between two snapshots into rates.
/// </summary>
/// <param name="Key"><c>{plural}/{namespace}/{name}</c>.</param>
/// <param name="Accepted">Events its ingress accepted (brokers, channels) or that were routed to it (triggers, subscriptions).</param>
/// <param name="Refused">Requests its ingress refused (brokers, channels).</param>
/// <param name="Failed">Failed delivery attempts.</param>
/// <param name="LastFailureStatus">The status of the latest failed attempt, 0 when it had no answer.</param>
/// <param name="LastFailureAt">When the latest attempt failed (UTC ticks, 0: never); with <paramref name="LastDeliveredAt"/> it says whether the subscriber is failing now.</param>
[GenerateSerializer, Immutable, Alias("mesh.object-stats")]
public sealed record ObjectStats(
    [property: Id(0)] string Key,
    [property: Id(1)] long Accepted,
    [property: Id(2)] long Refused,
    [property: Id(3)] long Delivered,
    [property: Id(4)] long Failed,
    [property: Id(5)] long Retried,
    [property: Id(6)] long DeadLettered,
    [property: Id(7)] long Dropped,
    [property: Id(8)] long Replies,
    [property: Id(9)] long QueueDepth,
    [property: Id(10)] long PendingRetries,
    [property: Id(11)] int LastFailureStatus = 0,
    [property: Id(12)] long LastFailureAt = 0,
    [property: Id(13)] long LastDeliveredAt = 0)
{
    public ObjectStats Plus(ObjectStats other) => new(Key,
        Accepted + other.Accepted, Refused + other.Refused, Delivered + other.Delivered, Failed + other.Failed,
        Retried + other.Retried, DeadLettered + other.DeadLettered, Dropped + other.Dropped, Replies + other.Replies,
        QueueDepth + other.QueueDepth, PendingRetries + other.PendingRetries,
        LastFailureAt >= other.LastFailureAt ? LastFailureStatus : other.LastFailureStatus,
        Math.Max(LastFailureAt, other.LastFailureAt), Math.Max(LastDeliveredAt, other.LastDeliveredAt));
}
