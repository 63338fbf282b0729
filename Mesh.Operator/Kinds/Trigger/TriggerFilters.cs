using System.Text.RegularExpressions;
using Mesh.Grains.Filtering;
using Mesh.Grains.Filtering.Cesql;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.Trigger;

/// <summary>A trigger's <c>filter</c> (legacy attributes) and <c>filters</c> (dialects, one per filter object) read into a <see cref="FilterSpec"/>.</summary>
public static partial class TriggerFilters
{
    private static readonly string[] Dialects = ["exact", "prefix", "suffix", "all", "any", "not", "cesql"];

    [GeneratedRegex("^[a-z0-9]+$")]
    private static partial Regex AttributeName();

    /// <summary>A non-empty <c>filters</c> overrides <c>filter</c>; several filters are ANDed. Null when any is invalid.</summary>
    public static FilterSpec? Parse(FieldReader spec)
    {
        var before = spec.Errors.Count;
        Dictionary<string, string>? attributes = null;
        if (spec.Object("filter", "filter must be an object") is { } filter && filter.Has("attributes"))
            attributes = AttributeMap(filter["attributes"], filter.PathOf("attributes"), spec.Errors, allowEmptyValues: true);
        var dialects = spec.List("filters", "filters must be a list") is { } list
            ? list.Select((f, i) => Dialect(f, $"{spec.PathOf("filters")}[{i}]", spec.Errors)).ToList()
            : [];
        if (spec.Errors.Count > before) return null;
        if (dialects.Count > 0) return new FilterSpec(FilterKind.All, Children: [.. dialects.OfType<FilterSpec>()]);
        return attributes is not null ? new FilterSpec(FilterKind.Attributes, Attributes: attributes) : FilterSpec.MatchAll;
    }

    private static FilterSpec? Dialect(JsonNode? node, string path, FieldErrors errors)
    {
        if (node is not JsonObject filter)
        {
            errors.Add(path, "a filter must be an object with one of " + string.Join(", ", Dialects));
            return null;
        }
        var present = filter.Select(kv => kv.Key).ToList();
        if (present.Count != 1 || !Dialects.Contains(present[0]))
        {
            errors.Add(path, $"a filter must have exactly one of {string.Join(", ", Dialects)} (found {string.Join(", ", present)})");
            return null;
        }
        var dialect = present[0];
        var value = filter[dialect];
        var at = $"{path}.{dialect}";
        switch (dialect)
        {
            case "exact" or "prefix" or "suffix":
                var map = AttributeMap(value, at, errors, allowEmptyValues: dialect == "exact");
                if (value is JsonObject { Count: not 1 }) errors.Add(at, $"{dialect} must name exactly one attribute");
                return map is null ? null : new FilterSpec(dialect switch { "exact" => FilterKind.Exact, "prefix" => FilterKind.Prefix, _ => FilterKind.Suffix }, map);
            case "all" or "any":
                if (value is not JsonArray nested)
                {
                    errors.Add(at, $"{dialect} must be a list of filters");
                    return null;
                }
                var children = nested.Select((f, i) => Dialect(f, $"{at}[{i}]", errors)).ToList();
                return new FilterSpec(dialect == "all" ? FilterKind.All : FilterKind.Any, Children: [.. children.OfType<FilterSpec>()]);
            case "not":
                return Dialect(value, at, errors) is { } negated ? new FilterSpec(FilterKind.Not, Children: [negated]) : null;
            default:
                return Cesql(value, at, errors) is { } expression ? new FilterSpec(FilterKind.Cesql, Expression: expression) : null;
        }
    }

    // Parsed here so a bad expression is refused at apply time with the position of the fault; an
    // unknown function parses (CESQL evaluates it to an error) but is refused too, as it can never match.
    private static string? Cesql(JsonNode? node, string path, FieldErrors errors)
    {
        if (FieldReader.TextOf(node) is not { Length: > 0 } text)
            errors.Add(path, "cesql must be a non-empty CloudEvents SQL expression");
        else if (!CesqlExpression.TryParse(text, out var expression, out var error))
            errors.Add(path, $"{error!.Reason} at position {error.Position}");
        else if (expression!.Warnings is [var warning, ..])
            errors.Add(path, $"{warning.Message}" + (warning.Position is { } at ? $" at position {at}" : ""));
        else
            return text;
        return null;
    }

    private static Dictionary<string, string>? AttributeMap(JsonNode? node, string path, FieldErrors errors, bool allowEmptyValues)
    {
        if (node is not JsonObject map)
        {
            errors.Add(path, "must be a map of attribute names to strings");
            return null;
        }
        var before = errors.Count;
        var read = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in map)
        {
            if (!AttributeName().IsMatch(name))
                errors.Add($"{path}.{name}", $"'{name}' is not a CloudEvents attribute name (lower-case letters and digits only)");
            else if (FieldReader.TextOf(value) is not { } text)
                errors.Add($"{path}.{name}", "the value must be a string");
            else if (!allowEmptyValues && text.Length == 0)
                errors.Add($"{path}.{name}", "the value must not be empty");
            else
                read[name] = text;
        }
        return errors.Count > before ? null : read;
    }
}
