using Mesh.Grains.Events;

namespace Mesh.Grains.Filtering;

/// <summary>Every event passes.</summary>
public sealed class MatchAllFilter : IEventFilter
{
    public static MatchAllFilter Instance { get; } = new();
    public bool Matches(EventEnvelope envelope) => true;
}

/// <summary>
/// Knative's legacy <c>filter.attributes</c>: every listed attribute must equal its value
/// (case-sensitive); an empty value asks only that the attribute be present and non-empty.
/// </summary>
public sealed class LegacyAttributesFilter(IReadOnlyDictionary<string, string> attributes) : IEventFilter
{
    private readonly KeyValuePair<string, string>[] _attributes = [.. attributes];

    public bool Matches(EventEnvelope envelope)
    {
        foreach (var (name, expected) in _attributes)
        {
            if (!envelope.Attributes.TryGetValue(name, out var actual) || actual.Length == 0) return false;
            if (expected.Length > 0 && !string.Equals(actual, expected, StringComparison.Ordinal)) return false;
        }
        return true;
    }
}

/// <summary>
/// The <c>exact</c>, <c>prefix</c> and <c>suffix</c> dialects: each listed attribute must be present
/// and compare as the dialect says; several attributes are ANDed.
/// </summary>
public sealed class StringMatchFilter(FilterKind kind, IReadOnlyDictionary<string, string> attributes) : IEventFilter
{
    private readonly KeyValuePair<string, string>[] _attributes = [.. attributes];

    public FilterKind Kind { get; } = kind;

    public bool Matches(EventEnvelope envelope)
    {
        foreach (var (name, expected) in _attributes)
        {
            if (!envelope.Attributes.TryGetValue(name, out var actual)) return false;
            var ok = Kind switch
            {
                FilterKind.Exact => string.Equals(actual, expected, StringComparison.Ordinal),
                FilterKind.Prefix => actual.StartsWith(expected, StringComparison.Ordinal),
                FilterKind.Suffix => actual.EndsWith(expected, StringComparison.Ordinal),
                _ => false,
            };
            if (!ok) return false;
        }
        return true;
    }
}
