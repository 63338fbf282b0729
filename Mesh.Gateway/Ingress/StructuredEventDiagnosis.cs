using System.Text.Json;
using Mesh.Grains.Events;

namespace Mesh.Gateway.Ingress;

/// <summary>
/// Says which attribute makes a JSON-format event or batch invalid. The SDK's exceptions name its own
/// parameters rather than the attribute, so refused bodies are read again here to word the problem.
/// </summary>
internal static class StructuredEventDiagnosis
{
    private static readonly string[] Required = [CloudEventNames.Id, CloudEventNames.Source, CloudEventNames.Type];

    /// <summary>The problem with the body, or null when it is malformed JSON or nothing is found to name.</summary>
    public static IngressProblem? Diagnose(byte[] body, bool batch)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (!batch) return Check(root);
            if (root.ValueKind != JsonValueKind.Array) return IngressProblem.Invalid("A batch must be a JSON array of events.");
            var i = 0;
            foreach (var element in root.EnumerateArray())
            {
                if (Check(element) is { } problem) return problem with { Detail = $"Event {i} of the batch: {problem.Detail}" };
                i++;
            }
            return null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            // Malformed JSON, or strings that are not UTF-8: the caller words the problem.
            return null;
        }
    }

    private static IngressProblem? Check(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) return IngressProblem.Invalid("An event must be a JSON object.");
        if (!element.TryGetProperty(CloudEventNames.SpecVersion, out var version))
            return IngressProblem.Invalid("The required attribute 'specversion' is missing.", CloudEventNames.SpecVersion);
        if (version.ValueKind != JsonValueKind.String || version.GetString() != "1.0")
            return IngressProblem.Invalid($"Unsupported specversion {version.GetRawText()}; this mesh accepts \"1.0\".", CloudEventNames.SpecVersion);
        foreach (var name in Required)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                return IngressProblem.Invalid($"The required attribute '{name}' is missing.", name);
            if (value.ValueKind != JsonValueKind.String || value.GetString()!.Length == 0)
                return IngressProblem.Invalid($"The required attribute '{name}' must be a non-empty string.", name);
        }
        return null;
    }
}
