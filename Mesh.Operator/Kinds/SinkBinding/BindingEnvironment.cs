namespace Mesh.Operator.Kinds.SinkBinding;

/// <summary>
/// What a SinkBinding puts into its subject's pod template, and takes out again: <c>K_SINK</c>,
/// <c>K_CE_OVERRIDES</c> and <c>K_CA_CERTS</c> in every container and init container, and an
/// annotation naming the binding, by which a subject that stops matching is found again.
/// </summary>
public static class BindingEnvironment
{
    public const string BoundBy = "sinkbindings.sources.knative.dev/bound-by";

    private static readonly string[] Names = ["K_SINK", "K_CE_OVERRIDES", "K_CA_CERTS"];

    /// <summary>The binding's variables: the sink, the extensions (when there are any) and the sink's CA (when it has one).</summary>
    public static IReadOnlyList<(string Name, string Value)> Variables(Uri sink, IReadOnlyDictionary<string, string> extensions, string? caCerts)
    {
        var variables = new List<(string, string)> { ("K_SINK", sink.ToString()) };
        if (extensions.Count > 0)
            variables.Add(("K_CE_OVERRIDES", new JsonObject { ["extensions"] = new JsonObject([.. extensions.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value))]) }.ToJsonString()));
        if (!string.IsNullOrEmpty(caCerts)) variables.Add(("K_CA_CERTS", caCerts));
        return variables;
    }

    /// <summary>The name of the binding that bound <paramref name="subject"/>, if any.</summary>
    public static string? BindingOf(JsonObject subject) => (string?)subject["metadata"]?["annotations"]?[BoundBy];

    /// <returns>Whether <paramref name="subject"/> changed.</returns>
    public static bool Bind(JsonObject subject, string binding, IReadOnlyList<(string Name, string Value)> variables)
    {
        var before = subject.ToJsonString();
        var metadata = (JsonObject)subject["metadata"]!;
        if (metadata["annotations"] is not JsonObject annotations) metadata["annotations"] = annotations = [];
        annotations[BoundBy] = binding;
        foreach (var container in Containers(subject))
        {
            var env = WithoutOurs(container);
            foreach (var (name, value) in variables) env.Add(new JsonObject { ["name"] = name, ["value"] = value });
            container["env"] = env;
        }
        return subject.ToJsonString() != before;
    }

    /// <returns>Whether <paramref name="subject"/> changed.</returns>
    public static bool Unbind(JsonObject subject)
    {
        var before = subject.ToJsonString();
        (subject["metadata"]?["annotations"] as JsonObject)?.Remove(BoundBy);
        foreach (var container in Containers(subject))
        {
            var env = WithoutOurs(container);
            if (env.Count > 0) container["env"] = env;
            else container.Remove("env");
        }
        return subject.ToJsonString() != before;
    }

    private static JsonArray WithoutOurs(JsonObject container) =>
        new([.. (container["env"] as JsonArray ?? []).Where(e => !Names.Contains((string?)e?["name"])).Select(e => e!.DeepClone())]);

    private static IEnumerable<JsonObject> Containers(JsonObject subject)
    {
        var pod = subject["spec"]?["template"]?["spec"];
        return new[] { pod?["containers"], pod?["initContainers"] }.OfType<JsonArray>().SelectMany(list => list.OfType<JsonObject>());
    }
}
