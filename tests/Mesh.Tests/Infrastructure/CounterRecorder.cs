using System.Diagnostics.Metrics;

namespace Mesh.Tests.Infrastructure;

/// <summary>Sums what one counter instance records, ignoring every other meter in the process.</summary>
public sealed class CounterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    public CounterRecorder(Counter<long> counter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument, counter)) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public Task WaitForAsync(long total, string what, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(() => Total >= total, $"{what} to reach {total}", () => Total.ToString(), timeout);

    public void Dispose() => _listener.Dispose();
}
