using System.Diagnostics.Metrics;

namespace Mesh.Tests.Infrastructure;

/// <summary>
/// Follows one up-down counter instance: its running value and the highest it reached; with a tag,
/// only the measurements whose tag has the given value (one trigger's, say).
/// </summary>
public sealed class GaugeRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly object _lock = new();
    private long _value;
    private long _max;

    public GaugeRecorder(UpDownCounter<long> counter, string? tag = null, string? value = null)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument, counter)) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, change, tags, _) =>
        {
            if (tag is not null && !Matches(tags, tag, value)) return;
            lock (_lock)
            {
                _value += change;
                if (_value > _max) _max = _value;
            }
        });
        _listener.Start();
    }

    public long Value
    {
        get { lock (_lock) return _value; }
    }

    public long Max
    {
        get { lock (_lock) return _max; }
    }

    public void Dispose() => _listener.Dispose();

    private static bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags, string tag, string? value)
    {
        foreach (var (key, actual) in tags)
            if (key == tag) return actual as string == value;
        return false;
    }
}
