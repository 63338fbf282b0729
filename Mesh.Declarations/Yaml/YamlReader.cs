using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mesh.Cli.Yaml;

/// <summary>
/// Converts YAML (one or many <c>---</c> documents) to JSON, keeping types: quoted scalars stay
/// strings, plain ones resolve to numbers, booleans and nulls.
/// </summary>
internal static class YamlToJson
{
    /// <summary>Every non-empty document of the stream; throws <see cref="YamlException"/> on bad YAML.</summary>
    public static IReadOnlyList<JsonNode> Convert(TextReader reader)
    {
        var stream = new YamlStream();
        stream.Load(reader);
        return stream.Documents
            .Select(d => Node(d.RootNode))
            .OfType<JsonNode>()
            .ToList();
    }

    public static IReadOnlyList<JsonNode> Convert(string yaml) => Convert(new StringReader(yaml));

    private static JsonNode? Node(YamlNode node) => node switch
    {
        YamlMappingNode map => Mapping(map),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(Node).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new YamlException(node.Start, node.End, $"unsupported YAML node {node.NodeType}"),
    };

    private static JsonObject Mapping(YamlMappingNode map)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            // JSON keys are strings, so a key such as 8080 or true keeps its text, not its type.
            var name = key is YamlScalarNode s ? s.Value ?? "" :
                throw new YamlException(key.Start, key.End, "only scalar mapping keys can become JSON");
            if (obj.ContainsKey(name))
                throw new YamlException(key.Start, key.End, $"duplicate key \"{name}\"");
            obj[name] = Node(value);
        }
        return obj;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific)
            return YamlScalars.Resolve(text, scalar.Tag.Value);
        return scalar.Style is ScalarStyle.Plain or ScalarStyle.Any
            ? YamlScalars.Resolve(text)
            : JsonValue.Create(text);
    }
}
