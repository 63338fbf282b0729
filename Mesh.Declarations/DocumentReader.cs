using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.Declarations.Yaml;

namespace Mesh.Declarations;

/// <summary>
/// Reads declaration texts, YAML or JSON, into JSON nodes under <see cref="DocumentLimits"/>: the one
/// reader behind both the resource API and <c>mesh apply</c>, so that both store the same object
/// from the same file.
/// </summary>
public static class DocumentReader
{
    /// <summary>Every document of a YAML text (a null for an empty one).</summary>
    /// <exception cref="DocumentException">Not YAML, or past a limit.</exception>
    public static IReadOnlyList<JsonNode?> ReadYaml(string text, DocumentLimits? limits = null) => YamlReader.Read(text, limits);

    /// <summary>One JSON value; duplicate properties are refused and nesting is bounded as YAML's is.</summary>
    /// <exception cref="DocumentException">Not JSON, or past a limit.</exception>
    public static JsonNode? ReadJson(string text, DocumentLimits? limits = null)
    {
        limits ??= DocumentLimits.Default;
        if (text.Length > limits.MaxSize)
            throw new DocumentException($"the text is {text.Length} characters; the limit is {limits.MaxSize}", 0, 0, tooLarge: true);
        // A duplicated property would otherwise parse, then throw on first access.
        var options = new JsonDocumentOptions { MaxDepth = limits.MaxDepth, AllowDuplicateProperties = false };
        try
        {
            using (var document = JsonDocument.Parse(text, options))
                if (Nodes(document.RootElement, limits.MaxNodes) > limits.MaxNodes)
                    throw new DocumentException($"the document has more than {limits.MaxNodes} nodes, the limit", 0, 0);
            return JsonNode.Parse(text, documentOptions: options);
        }
        catch (JsonException e)
        {
            var reason = e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase)
                ? $"objects and arrays nest deeper than {limits.MaxDepth} levels, the limit"
                : e.Message.Split(" Path:")[0];
            throw new DocumentException(reason, (int)(e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? -1) + 1, inner: e);
        }
    }

    // Counted on the compact document, before any node exists; stops as soon as it is past the limit.
    private static int Nodes(JsonElement root, int limit)
    {
        var count = 0;
        var pending = new Stack<JsonElement>([root]);
        while (pending.TryPop(out var element))
        {
            count++;
            var children = element.ValueKind switch
            {
                JsonValueKind.Array => element.EnumerateArray().Select(e => e),
                JsonValueKind.Object => element.EnumerateObject().Select(p => p.Value),
                _ => [],
            };
            foreach (var child in children)
            {
                pending.Push(child);
                if (count + pending.Count > limit) return count + pending.Count;
            }
        }
        return count;
    }

    /// <summary>The one object a request body declares: JSON when <paramref name="json"/>, else YAML holding exactly one mapping.</summary>
    /// <exception cref="DocumentException">Not one object, or past a limit.</exception>
    public static JsonObject ReadObject(string text, bool json, DocumentLimits? limits = null)
    {
        if (json)
            return ReadJson(text, limits) as JsonObject ?? throw new DocumentException("the body must be a JSON object", 0, 0);
        var documents = ReadYaml(text, limits);
        if (documents.Count != 1) throw new DocumentException($"the body holds {documents.Count} documents; send one object per request", 0, 0);
        return documents[0] as JsonObject ?? throw new DocumentException("the body must be a YAML mapping", 0, 0);
    }
}
