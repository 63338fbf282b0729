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
    double MaxMs);
