using System.Text.RegularExpressions;
using Mesh.Grains.Filtering;
using Mesh.Grains.Filtering.Cesql;

namespace Mesh.Operator.Resources;

/// <summary>Validation and reading of a trigger's <c>filter</c> (legacy attributes) and <c>filters</c> (dialects).</summary>
public static partial class TriggerFilters
{
    private static readonly string[] Dialects = ["exact", "prefix", "suffix", "all", "any", "not", "cesql"];

    [GeneratedRegex("^[a-z0-9]+$")]
    private static partial Regex AttributeName();

    public static void Validate(JsonObject spec, FieldErrors errors)
    {
        if (spec["filter"] is { } filter)
        {
            if (filter is not JsonObject f) errors.Add("spec.filter", "filter must be an object");
            else if (f["attributes"] is { } attributes) ValidateAttributeMap(attributes, "spec.filter.attributes", errors, allowEmptyValues: true);
        }
        if (spec["filters"] is { } filters)
        {
            if (filters is not JsonArray list) errors.Add("spec.filters", "filters must be a list");
            else for (var i = 0; i < list.Count; i++) ValidateDialect(list[i], $"spec.filters[{i}]", errors);
        }
    }

    /// <summary>A non-empty <c>filters</c> overrides <c>filter</c>; several filters are ANDed.</summary>
    public static FilterSpec Read(JsonObject spec)
    {
        if (spec["filters"] is JsonArray { Count: > 0 } filters)
            return new FilterSpec(FilterKind.All, Children: [.. filters.Select(ReadDialect)]);
        if (spec["filter"]?["attributes"] is JsonObject attributes)
            return new FilterSpec(FilterKind.Attributes, Attributes: ReadMap(attributes));
        return FilterSpec.MatchAll;
    }

    private static void ValidateDialect(JsonNode? node, string path, FieldErrors errors)
    {
        if (node is not JsonObject filter)
        {
            errors.Add(path, "a filter must be an object with one of " + string.Join(", ", Dialects));
            return;
        }
        var present = filter.Select(kv => kv.Key).ToList();
        if (present.Count != 1 || !Dialects.Contains(present[0]))
        {
            errors.Add(path, $"a filter must have exactly one of {string.Join(", ", Dialects)} (found {string.Join(", ", present)})");
            return;
        }
        var dialect = present[0];
        var value = filter[dialect];
        switch (dialect)
        {
            case "exact" or "prefix" or "suffix":
                ValidateAttributeMap(value, $"{path}.{dialect}", errors, allowEmptyValues: dialect == "exact");
                if (value is JsonObject { Count: not 1 })
                    errors.Add($"{path}.{dialect}", $"{dialect} must name exactly one attribute");
                break;
            case "all" or "any":
                if (value is not JsonArray nested) errors.Add($"{path}.{dialect}", $"{dialect} must be a list of filters");
                else for (var i = 0; i < nested.Count; i++) ValidateDialect(nested[i], $"{path}.{dialect}[{i}]", errors);
                break;
            case "not":
                ValidateDialect(value, $"{path}.not", errors);
                break;
            case "cesql":
                ValidateCesql(value, $"{path}.cesql", errors);
                break;
        }
    }

    // Parsed once here so a bad expression is refused at apply time with the position of the fault;
    // an unknown function parses (CESQL evaluates it to an error) but is refused too, as it can never match.
    private static void ValidateCesql(JsonNode? node, string path, FieldErrors errors)
    {
        if (Destinations.Text(node) is not { Length: > 0 } text)
        {
            errors.Add(path, "cesql must be a non-empty CloudEvents SQL expression");
            return;
        }
        if (!CesqlExpression.TryParse(text, out var expression, out var error))
            errors.Add(path, $"{error!.Reason} at position {error.Position}");
        else if (expression!.Warnings is [var warning, ..])
            errors.Add(path, $"{warning.Message}" + (warning.Position is { } at ? $" at position {at}" : ""));
    }

    private static void ValidateAttributeMap(JsonNode? node, string path, FieldErrors errors, bool allowEmptyValues)
    {
        if (node is not JsonObject map)
        {
            errors.Add(path, "must be a map of attribute names to strings");
            return;
        }
        foreach (var (name, value) in map)
        {
            if (!AttributeName().IsMatch(name))
                errors.Add($"{path}.{name}", $"'{name}' is not a CloudEvents attribute name (lower-case letters and digits only)");
            else if (Destinations.Text(value) is not { } text)
                errors.Add($"{path}.{name}", "the value must be a string");
            else if (!allowEmptyValues && text.Length == 0)
                errors.Add($"{path}.{name}", "the value must not be empty");
        }
    }

    private static FilterSpec ReadDialect(JsonNode? node)
    {
        var (dialect, value) = node!.AsObject().First();
        return dialect switch
        {
            "exact" => new FilterSpec(FilterKind.Exact, ReadMap(value!.AsObject())),
            "prefix" => new FilterSpec(FilterKind.Prefix, ReadMap(value!.AsObject())),
            "suffix" => new FilterSpec(FilterKind.Suffix, ReadMap(value!.AsObject())),
            "all" => new FilterSpec(FilterKind.All, Children: [.. value!.AsArray().Select(ReadDialect)]),
            "any" => new FilterSpec(FilterKind.Any, Children: [.. value!.AsArray().Select(ReadDialect)]),
            "not" => new FilterSpec(FilterKind.Not, Children: [ReadDialect(value)]),
            "cesql" => new FilterSpec(FilterKind.Cesql, Expression: Destinations.Text(value)),
            _ => throw new InvalidOperationException($"unknown filter dialect {dialect}"),
        };
    }

    private static Dictionary<string, string> ReadMap(JsonObject map) =>
        map.ToDictionary(kv => kv.Key, kv => Destinations.Text(kv.Value) ?? "", StringComparer.Ordinal);
}
