using System.Diagnostics.Metrics;

namespace Mesh.Tests.Infrastructure;

/// <summary>
/// Sums what one counter instance records, ignoring every other meter in the process; with a tag,
/// only measurements whose tag has one of the given values.
/// </summary>
public sealed class CounterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    public CounterRecorder(Counter<long> counter, string? tag = null, params string[] values)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument, counter)) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (tag is not null && !Matches(tags, tag, values)) return;
            Interlocked.Add(ref _total, value);
        });
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public Task WaitForAsync(long total, string what, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(() => Total >= total, $"{what} to reach {total}", () => Total.ToString(), timeout);

    public void Dispose() => _listener.Dispose();

    private static bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags, string tag, string[] values)
    {
        foreach (var (key, value) in tags)
            if (key == tag && values.Contains(value as string)) return true;
        return false;
    }
}
