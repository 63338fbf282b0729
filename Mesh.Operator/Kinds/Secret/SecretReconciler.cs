using System.Text;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Reconcilers;

/// <summary>
/// Core <c>v1 Secret</c>: <c>data</c> (base64) with <c>stringData</c> merged in, kept as the spec.
/// Values are never answered: the API shows every key with an empty value (see docs/resource-api.md).
/// </summary>
public sealed class SecretReconciler(TimeProvider time) : IKindReconciler
{
    /// <summary>The annotation that marks an answered Secret's values as redacted.</summary>
    public const string RedactedAnnotation = "mesh.dev/redacted";

    public ResourceKind Kind => KnativeKinds.Secret;

    public JsonObject SpecOf(JsonObject body)
    {
        var spec = new JsonObject();
        if (body["type"] is { } type) spec["type"] = type.DeepClone();
        var data = body["data"]?.DeepClone();
        if (body["stringData"] is JsonObject stringData)
        {
            // As in Kubernetes, stringData is write-only and wins over data for the same key.
            data ??= new JsonObject();
            if (data is JsonObject merged)
                foreach (var (key, value) in stringData)
                    merged[key] = Destinations.Text(value) is { } text ? Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) : value?.DeepClone();
        }
        else if (body["stringData"] is { } invalid)
        {
            spec["stringData"] = invalid.DeepClone();
        }
        if (data is not null) spec["data"] = data;
        return spec;
    }

    public void Validate(Declaration declaration, FieldErrors errors)
    {
        var spec = declaration.Spec;
        if (spec["stringData"] is not null) errors.Add("stringData", "stringData must be a map of keys to strings");
        if (spec["type"] is { } type && Destinations.Text(type) is null) errors.Add("type", "type must be a string");
        if (spec["data"] is null) return;
        if (spec["data"] is not JsonObject data)
        {
            errors.Add("data", "data must be a map of keys to base64 values");
            return;
        }
        // Messages never quote a value: they may be secret.
        foreach (var (key, value) in data)
        {
            var text = Destinations.Text(value);
            if (text is null || !Convert.TryFromBase64String(text, new byte[text.Length], out _))
                errors.Add($"data.{key}", "the value is not valid base64 (use stringData for plain text)");
        }
    }

    public Task<JsonObject> ReconcileAsync(Declaration declaration, CancellationToken cancellation) =>
        Task.FromResult(new JsonObject
        {
            ["observedGeneration"] = declaration.Generation,
            ["conditions"] = new Conditions(declaration.Status, time).WithReady(),
        });

    public Task RemoveAsync(Declaration declaration, CancellationToken cancellation) => Task.CompletedTask;

    public JsonObject Present(Declaration declaration)
    {
        var metadata = (JsonObject)declaration.Metadata.DeepClone();
        var annotations = metadata["annotations"] as JsonObject ?? [];
        annotations[RedactedAnnotation] = "data";
        metadata["annotations"] = annotations;
        var presented = new JsonObject
        {
            ["apiVersion"] = Kind.ApiVersion,
            ["kind"] = Kind.Kind,
            ["metadata"] = metadata,
            ["type"] = Destinations.Text(declaration.Spec["type"]) ?? "Opaque",
        };
        if (declaration.Spec["data"] is JsonObject data)
            presented["data"] = new JsonObject(data.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)JsonValue.Create(""))));
        return presented;
    }
}
