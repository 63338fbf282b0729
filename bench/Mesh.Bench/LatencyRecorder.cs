namespace Mesh.Bench;

/// <summary>Arrivals and their latencies since the last reset, kept whole so percentiles are exact.</summary>
public sealed class LatencyRecorder(int capacity = 1 << 23)
{
    private readonly Lock _gate = new();
    private readonly long[] _latencies = new long[capacity];
    private long _count;
    private int _recorded;
    private long _firstArrival;
    private long _lastArrival;

    public void Record(long arrivalMicros, long? sentMicros)
    {
        lock (_gate)
        {
            if (_count++ == 0)
            {
                _firstArrival = arrivalMicros;
            }
            _lastArrival = Math.Max(_lastArrival, arrivalMicros);
            if (sentMicros is { } sent && _recorded < _latencies.Length)
            {
                _latencies[_recorded++] = arrivalMicros - sent;
            }
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _count = 0;
            _recorded = 0;
            _firstArrival = 0;
            _lastArrival = 0;
        }
    }

    public LatencyStats Snapshot()
    {
        long[] latencies;
        long count, first, last;
        lock (_gate)
        {
            latencies = _latencies.AsSpan(0, _recorded).ToArray();
            (count, first, last) = (_count, _firstArrival, _lastArrival);
        }
        Array.Sort(latencies);
        var window = (last - first) / 1e6;
        return new LatencyStats(
            count,
            latencies.Length,
            window,
            count > 1 && window > 0 ? (count - 1) / window : 0,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.90),
            Percentile(latencies, 0.99),
            Percentile(latencies, 0.999),
            latencies.Length > 0 ? latencies[^1] / 1000.0 : 0);
    }

    private static double Percentile(long[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(p * sorted.Length) - 1)] / 1000.0;
}
