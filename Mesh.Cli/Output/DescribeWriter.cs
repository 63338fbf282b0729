using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.Cli.Client;
using Mesh.Declarations.Yaml;

namespace Mesh.Cli.Output;

/// <summary>
/// The <c>mesh describe</c> page: identity, generations, the spec as YAML, the URIs the mesh resolved
/// into status, and the conditions with their reasons, which is where "why is it not ready" lives.
/// </summary>
internal static class DescribeWriter
{
    public static void Write(JsonNode resource, DateTimeOffset now, TextWriter output)
    {
        var fields = new TableWriter("", "");
        fields.Add("Name:", resource.At("metadata", "name").Str());
        fields.Add("Namespace:", resource.At("metadata", "namespace").Str());
        fields.Add("Kind:", resource.At("kind").Str());
        fields.Add("API Version:", resource.At("apiVersion").Str());
        fields.Add("Generation:", Number(resource.At("metadata", "generation")));
        fields.Add("Observed Generation:", Number(resource.At("status", "observedGeneration")));
        fields.Add("Age:", AgeFormatter.AgeOf(resource, now));
        fields.Add("Labels:", Pairs(resource.At("metadata", "labels")));
        fields.Add("Annotations:", Pairs(resource.At("metadata", "annotations")));
        fields.Write(output, header: false);

        output.WriteLine("Spec:");
        output.Write(YamlWriter.Write(resource.At("spec") ?? new JsonObject(), 2));

        var uris = new TableWriter("", "");
        foreach (var (path, value) in StatusStrings(resource.At("status"), ""))
            uris.Add($"{path}:", value);
        if (uris.RowCount > 0)
        {
            output.WriteLine("Status:");
            uris.Write(output, "  ", header: false);
        }

        output.WriteLine("Conditions:");
        var conditions = new TableWriter("TYPE", "STATUS", "REASON", "MESSAGE", "LAST TRANSITION");
        // Ready first, as kn does: it is the summary the other conditions explain.
        var ordered = (resource.At("status", "conditions") as JsonArray ?? [])
            .OrderBy(c => c.At("type").Str() == "Ready" ? 0 : 1)
            .ThenBy(c => c.At("type").Str(), StringComparer.Ordinal);
        foreach (var c in ordered)
            conditions.Add(c.At("type").Str(), c.At("status").Str(), c.At("reason").Str(), c.At("message").Str(),
                c.At("lastTransitionTime").Str());
        if (conditions.RowCount == 0)
            output.WriteLine("  <none>");
        else
            conditions.Write(output, "  ");
    }

    /// <summary>Every string in status outside the conditions, named by its path: <c>address.url</c>, <c>subscriberUri</c>.</summary>
    private static IEnumerable<(string Path, string Value)> StatusStrings(JsonNode? node, string path) => node switch
    {
        JsonObject obj => obj
            .Where(p => !(path.Length == 0 && p.Key == "conditions"))
            .SelectMany(p => StatusStrings(p.Value, path.Length == 0 ? p.Key : $"{path}.{p.Key}")),
        JsonArray array => array.SelectMany((item, i) => StatusStrings(item, $"{path}[{i}]")),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [(path, value.GetValue<string>())],
        _ => [],
    };

    private static string Number(JsonNode? node) => node.Long()?.ToString() ?? "<none>";

    private static string Pairs(JsonNode? map) =>
        map is JsonObject { Count: > 0 } obj
            ? string.Join(", ", obj.Select(p => $"{p.Key}={p.Value.Str() ?? p.Value?.ToJsonString()}"))
            : "<none>";
}
