using System.Collections.Concurrent;

namespace Mesh.Grains.Telemetry;

/// <summary>
/// A label's values, capped: the first <see cref="Limit"/> distinct values are kept as they are, and
/// every later one reads as <see cref="Other"/>. Known values are looked up without locking or allocating.
/// </summary>
public sealed class BoundedValues(int limit)
{
    public const string Other = "other";

    private readonly ConcurrentDictionary<string, string> _kept = new(StringComparer.Ordinal);
    private int _count;

    public int Limit { get; } = limit;

    public string Get(string value)
    {
        if (_kept.TryGetValue(value, out var kept)) return kept;
        if (Volatile.Read(ref _count) >= Limit) return Other;
        lock (_kept)
        {
            if (_kept.TryGetValue(value, out kept)) return kept;
            if (_count >= Limit) return Other;
            _kept[value] = value;
            _count++;
            return value;
        }
    }
}
