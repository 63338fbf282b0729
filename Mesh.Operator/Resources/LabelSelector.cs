namespace Mesh.Operator.Resources;

/// <summary>
/// A Kubernetes label selector: <c>matchLabels</c> and <c>matchExpressions</c> (operators In,
/// NotIn, Exists, DoesNotExist), all ANDed.
/// </summary>
public sealed record LabelSelector(IReadOnlyDictionary<string, string> MatchLabels, IReadOnlyList<LabelSelector.Requirement> MatchExpressions)
{
    public sealed record Requirement(string Key, string Operator, IReadOnlyList<string> Values);

    private static readonly string[] Operators = ["In", "NotIn", "Exists", "DoesNotExist"];

    public bool Matches(JsonObject metadata)
    {
        var labels = metadata["labels"] as JsonObject;
        string? Label(string key) => FieldReader.TextOf(labels?[key]);
        return MatchLabels.All(l => Label(l.Key) == l.Value) && MatchExpressions.All(r => r.Operator switch
        {
            "In" => Label(r.Key) is { } v && r.Values.Contains(v),
            "NotIn" => Label(r.Key) is not { } v || !r.Values.Contains(v),
            "Exists" => Label(r.Key) is not null,
            _ => Label(r.Key) is null,
        });
    }

    /// <summary>The selector as the API server's <c>labelSelector</c> query parameter takes it (empty selects everything).</summary>
    public string ToQuery() => string.Join(",", MatchLabels.Select(l => $"{l.Key}={l.Value}").Concat(MatchExpressions.Select(r => r.Operator switch
    {
        "In" => $"{r.Key} in ({string.Join(",", r.Values)})",
        "NotIn" => $"{r.Key} notin ({string.Join(",", r.Values)})",
        "Exists" => r.Key,
        _ => "!" + r.Key,
    })));

    public static LabelSelector? Parse(FieldReader selector)
    {
        var before = selector.Errors.Count;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (selector.Object("matchLabels", "matchLabels must be a map of label names to strings") is { } map)
            foreach (var (key, value) in map.Json)
                if (FieldReader.TextOf(value) is { } text) labels[key] = text;
                else map.Fail(key, "a label value must be a string");
        var expressions = new List<Requirement>();
        if (selector.List("matchExpressions", "matchExpressions must be a list") is { } list)
            for (var i = 0; i < list.Count; i++)
                if (FieldReader.At(list[i], $"{selector.PathOf("matchExpressions")}[{i}]", selector.Errors, "a requirement must be an object") is { } item
                    && ReadRequirement(item) is { } requirement)
                    expressions.Add(requirement);
        return selector.Errors.Count > before ? null : new LabelSelector(labels, expressions);
    }

    private static Requirement? ReadRequirement(FieldReader item)
    {
        var key = item.String("key", "key is required");
        var op = item.String("operator", "operator is required");
        if (op is not null && !Operators.Contains(op)) item.Fail("operator", $"operator must be one of {string.Join(", ", Operators)}");
        var values = new List<string>();
        if (item.List("values", "values must be a list of strings") is { } list)
            foreach (var value in list)
                if (FieldReader.TextOf(value) is { } text) values.Add(text);
                else item.Fail("values", "values must be a list of strings");
        if (op is "In" or "NotIn" && values.Count == 0) item.Fail("values", $"values must not be empty for {op}");
        if (op is "Exists" or "DoesNotExist" && values.Count > 0) item.Fail("values", $"values must be empty for {op}");
        return key is { Length: > 0 } && op is not null && Operators.Contains(op) ? new Requirement(key, op, values) : null;
    }
}
