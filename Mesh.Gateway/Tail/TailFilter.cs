using Mesh.Grains.Tail;

namespace Mesh.Gateway.Tail;

/// <summary>
/// <c>?filter=ATTR=VALUE</c> (repeatable, all must hold): which events a tail shows. An outcome is
/// shown when its event was, so that filtering by type keeps each event's deliveries under it.
/// </summary>
public sealed class TailFilter
{
    private readonly IReadOnlyList<(string Attribute, string Value)> _conditions;
    private readonly RecentEvents _shown = new();

    private TailFilter(IReadOnlyList<(string, string)> conditions) => _conditions = conditions;

    /// <summary>The filter, or the reason one of the values is not <c>ATTR=VALUE</c>.</summary>
    public static (TailFilter? Filter, string? Error) Parse(IEnumerable<string?> values)
    {
        var conditions = new List<(string, string)>();
        foreach (var value in values)
        {
            var equals = value?.IndexOf('=') ?? -1;
            if (value is null || equals <= 0)
                return (null, $"filter \"{value}\" must be ATTRIBUTE=VALUE, e.g. type=dev.example.greeting.");
            var attribute = value[..equals].Trim().ToLowerInvariant();
            if (attribute.Length > 20 || !attribute.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
                return (null, $"filter \"{value}\": \"{attribute}\" is not a CloudEvents attribute name (lowercase letters and digits, at most 20).");
            conditions.Add((attribute, value[(equals + 1)..]));
        }
        return (new TailFilter(conditions), null);
    }

    public bool Shows(TailRecord record)
    {
        if (_conditions.Count == 0) return true;
        if (record.Event is { } e)
        {
            if (!_conditions.All(c => e[c.Attribute] == c.Value)) return false;
            _shown.Add(e.Source, e.Id);
            return true;
        }
        return record.Outcome is not { } o || _shown.Contains(o.EventSource, o.EventId);
    }
}
