using Mesh.Grains.Events;

namespace Mesh.Grains.Filtering;

/// <summary>
/// A broker's triggers, indexed by their filters, so that routing an event costs in proportion to the
/// triggers that could match it rather than to all of them. Each filter is reduced to one required
/// condition (an exact value, a prefix or a suffix of one attribute) that rules it out cheaply; only
/// filters with no such condition (match-all, <c>any</c>, <c>not</c>, CESQL) are evaluated for every event.
/// </summary>
/// <remarks>Not thread-safe: a broker's router grain owns it and serialises access.</remarks>
public sealed class FilterIndex
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Attribute, string Value), HashSet<Entry>> _exact = [];
    private readonly Dictionary<string, AffixTable> _prefixes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AffixTable> _suffixes = new(StringComparer.Ordinal);
    private readonly HashSet<Entry> _unindexed = [];

    public int Count => _entries.Count;

    /// <summary>Adds or replaces the filter of <paramref name="key"/>.</summary>
    public void Set(string key, FilterSpec spec)
    {
        Remove(key);
        var entry = new Entry(key, FilterCompiler.Compile(spec), IndexKeys.Choose(spec));
        _entries[key] = entry;
        switch (entry.Anchor)
        {
            case { Kind: FilterKind.Exact } a:
                Bucket(_exact, (a.Attribute, a.Value)).Add(entry);
                break;
            case { Kind: FilterKind.Prefix } a:
                Table(_prefixes, a.Attribute).Add(a.Value, entry);
                break;
            case { Kind: FilterKind.Suffix } a:
                Table(_suffixes, a.Attribute).Add(a.Value, entry);
                break;
            default:
                _unindexed.Add(entry);
                break;
        }
    }

    public bool Remove(string key)
    {
        if (!_entries.Remove(key, out var entry)) return false;
        switch (entry.Anchor)
        {
            case { Kind: FilterKind.Exact } a:
                if (_exact.TryGetValue((a.Attribute, a.Value), out var set) && set.Remove(entry) && set.Count == 0)
                    _exact.Remove((a.Attribute, a.Value));
                break;
            case { Kind: FilterKind.Prefix } a:
                _prefixes[a.Attribute].Remove(a.Value, entry);
                break;
            case { Kind: FilterKind.Suffix } a:
                _suffixes[a.Attribute].Remove(a.Value, entry);
                break;
            default:
                _unindexed.Remove(entry);
                break;
        }
        return true;
    }

    /// <summary>The keys of every filter that passes <paramref name="envelope"/>.</summary>
    public List<string> Match(EventEnvelope envelope)
    {
        var matches = new List<string>();
        foreach (var entry in _unindexed)
            if (entry.Filter.Matches(envelope)) matches.Add(entry.Key);
        if (_exact.Count + _prefixes.Count + _suffixes.Count == 0) return matches;

        foreach (var (attribute, value) in envelope.Attributes)
        {
            if (_exact.TryGetValue((attribute, value), out var exact))
                foreach (var entry in exact) Check(entry);
            if (_prefixes.TryGetValue(attribute, out var prefixes))
                foreach (var entry in prefixes.Candidates(value, suffix: false)) Check(entry);
            if (_suffixes.TryGetValue(attribute, out var suffixes))
                foreach (var entry in suffixes.Candidates(value, suffix: true)) Check(entry);
        }
        return matches;

        // An entry has one anchor, so it is a candidate at most once per event.
        void Check(Entry entry)
        {
            if (entry.Filter.Matches(envelope)) matches.Add(entry.Key);
        }
    }

    private static HashSet<Entry> Bucket<TKey>(Dictionary<TKey, HashSet<Entry>> map, TKey key) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var set)) map[key] = set = [];
        return set;
    }

    private static AffixTable Table(Dictionary<string, AffixTable> map, string attribute)
    {
        if (!map.TryGetValue(attribute, out var table)) map[attribute] = table = new AffixTable();
        return table;
    }

    internal sealed record Entry(string Key, IEventFilter Filter, IndexKeys.Anchor? Anchor)
    {
        // Identity, not value: two triggers may have equal filters.
        public bool Equals(Entry? other) => ReferenceEquals(this, other);
        public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
    }

    /// <summary>Prefixes (or suffixes) of one attribute, looked up by the handful of distinct lengths in use.</summary>
    private sealed class AffixTable
    {
        private readonly Dictionary<string, HashSet<Entry>> _byAffix = new(StringComparer.Ordinal);
        private readonly SortedDictionary<int, int> _lengths = [];

        public void Add(string affix, Entry entry)
        {
            Bucket(_byAffix, affix).Add(entry);
            _lengths[affix.Length] = _lengths.GetValueOrDefault(affix.Length) + 1;
        }

        public void Remove(string affix, Entry entry)
        {
            if (!_byAffix.TryGetValue(affix, out var set) || !set.Remove(entry)) return;
            if (set.Count == 0) _byAffix.Remove(affix);
            if (--_lengths[affix.Length] == 0) _lengths.Remove(affix.Length);
        }

        public IEnumerable<Entry> Candidates(string value, bool suffix)
        {
            foreach (var length in _lengths.Keys)
            {
                if (length > value.Length) yield break;
                var affix = suffix ? value[^length..] : value[..length];
                if (_byAffix.TryGetValue(affix, out var set))
                    foreach (var entry in set) yield return entry;
            }
        }
    }
}
