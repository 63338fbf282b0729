namespace Mesh.Bench;

/// <summary>What <c>GET /stats</c> answers: latencies in milliseconds, the rate over first to last arrival.</summary>
public sealed record LatencyStats(
    long Count,
    long WithTimestamp,
    double WindowSeconds,
    double RatePerSecond,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double P999Ms,
    double MaxMs)
{
    /// <summary>Requests the sink answered 503 on purpose (<c>--fail-percent</c>), not counted above.</summary>
    public long Refused { get; init; }

    /// <summary>Distinct event ids among the events counted: fewer than <see cref="Count"/> when some arrived twice.</summary>
    public long Distinct { get; init; }
}
