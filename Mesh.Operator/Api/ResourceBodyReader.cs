using Mesh.Operator.Resources;
using YamlDotNet.Core;

namespace Mesh.Operator.Api;

/// <summary>Reads one declared object from a YAML or JSON request body.</summary>
public static class ResourceBodyReader
{
    // A duplicated property would otherwise parse, then throw ArgumentException on first access.
    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false };

    public static async Task<(JsonObject? Body, string? Error)> ReadAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (string.IsNullOrWhiteSpace(text)) return (null, "the body is empty");
        try
        {
            var isJson = request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
            if (isJson)
                return JsonNode.Parse(text, documentOptions: StrictJson) is JsonObject obj ? (obj, null) : (null, "the body must be a JSON object");
            var documents = YamlDocuments.Parse(text);
            if (documents.Count != 1) return (null, $"the body holds {documents.Count} documents; send one object per request");
            return documents[0] is JsonObject yamlObj ? (yamlObj, null) : (null, "the body must be a YAML mapping");
        }
        catch (JsonException e)
        {
            return (null, $"malformed JSON: {e.Message}");
        }
        catch (YamlException e)
        {
            return (null, $"malformed YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }
    }
}
