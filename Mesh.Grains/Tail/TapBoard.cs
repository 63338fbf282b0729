using System.Collections.Frozen;

namespace Mesh.Grains.Tail;

/// <summary>
/// This process's copy of which objects someone is tailing, pushed by the telemetry hub when a tail
/// opens or closes. Read on every event, so an untapped mesh pays one field read per check.
/// </summary>
public sealed class TapBoard
{
    private volatile FrozenSet<string> _tapped = FrozenSet<string>.Empty;

    public bool IsEmpty => _tapped.Count == 0;

    public bool IsTapped(string key)
    {
        var tapped = _tapped;
        return tapped.Count != 0 && tapped.Contains(key);
    }

    public IReadOnlyCollection<string> Keys => _tapped;

    public void Set(IEnumerable<string> keys) => _tapped = keys.ToFrozenSet(StringComparer.Ordinal);
}
