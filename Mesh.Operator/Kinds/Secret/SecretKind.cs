using System.Text;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.Secret;

/// <summary>
/// Core <c>v1 Secret</c>, served at Kubernetes' path: <c>data</c> (base64) with <c>stringData</c> merged
/// in, kept as the spec. Values are never answered: the API shows every key with an empty value.
/// </summary>
public sealed class SecretKind(SecretReconciler reconciler, TimeProvider time) : KindDefinition<SecretDeclaration>(reconciler, time)
{
    /// <summary>The annotation that marks an answered Secret's values as redacted.</summary>
    public const string RedactedAnnotation = "mesh.dev/redacted";

    public static ResourceKind Resource { get; } = new("", "v1", "Secret", "secrets", [], []);

    public override ResourceKind Kind => Resource;

    // A Secret's fields are top-level, and its errors are named so.
    protected override string SpecPath => "";

    protected override JsonObject SpecOf(JsonObject body, FieldErrors errors)
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
                    merged[key] = FieldReader.TextOf(value) is { } text ? Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) : value?.DeepClone();
        }
        else if (body["stringData"] is not null)
        {
            errors.Add("stringData", "stringData must be a map of keys to strings");
        }
        if (data is not null) spec["data"] = data;
        return spec;
    }

    public override JsonObject Present(Declaration declaration)
    {
        var metadata = declaration.PresentedMetadata();
        var annotations = metadata["annotations"] as JsonObject ?? [];
        annotations[RedactedAnnotation] = "data";
        metadata["annotations"] = annotations;
        var presented = new JsonObject
        {
            ["apiVersion"] = Kind.ApiVersion,
            ["kind"] = Kind.Kind,
            ["metadata"] = metadata,
            ["type"] = FieldReader.TextOf(declaration.Spec["type"]) ?? "Opaque",
        };
        if (declaration.Spec["data"] is JsonObject data)
            presented["data"] = new JsonObject(data.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)JsonValue.Create(""))));
        return presented;
    }

    // Patches see the values (they are not answered), so that patching one key keeps the others.
    public override JsonObject Editable(Declaration declaration)
    {
        var editable = new JsonObject
        {
            ["apiVersion"] = Kind.ApiVersion,
            ["kind"] = Kind.Kind,
            ["metadata"] = declaration.PresentedMetadata(),
            ["type"] = FieldReader.TextOf(declaration.Spec["type"]) ?? "Opaque",
        };
        if (declaration.Spec["data"] is JsonObject data) editable["data"] = data.DeepClone();
        return editable;
    }
}
