using System.Text.Json.Nodes;

namespace Mesh.Cli.Client;

/// <summary>Lenient reads of server JSON: a field of the wrong type reads as absent instead of throwing.</summary>
internal static class JsonNodeExtensions
{
    public static string? Str(this JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    public static long? Long(this JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<long>(out var l) ? l : null;

    public static JsonNode? At(this JsonNode? node, params string[] path)
    {
        foreach (var key in path)
            node = node is JsonObject obj && obj.TryGetPropertyValue(key, out var child) ? child : null;
        return node;
    }

    /// <summary>The condition of the given type from <c>status.conditions</c>, if the object has one.</summary>
    public static JsonNode? Condition(this JsonNode? resource, string type) =>
        (resource.At("status", "conditions") as JsonArray ?? [])
            .FirstOrDefault(c => c.At("type").Str() == type);
}
