using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.Secret;

/// <summary>A value kept in a Secret of the same namespace: <c>{secretKeyRef: {name, key}}</c>.</summary>
public sealed record SecretKeyRef(string Name, string Key)
{
    /// <summary>Reads the holder at <paramref name="path"/> (required); null when invalid, each fault named.</summary>
    public static SecretKeyRef? Parse(JsonNode? holder, string path, FieldErrors errors)
    {
        var reference = (holder as JsonObject)?["secretKeyRef"] as JsonObject;
        if (reference is null)
        {
            errors.Add($"{path}.secretKeyRef", "secretKeyRef {name, key} is required");
            return null;
        }
        var reader = new FieldReader(reference, $"{path}.secretKeyRef", errors);
        var name = FieldReader.TextOf(reference["name"]);
        var key = FieldReader.TextOf(reference["key"]);
        if (name is not { Length: > 0 }) reader.Fail("name", "name is required");
        if (key is not { Length: > 0 }) reader.Fail("key", "key is required");
        return name is { Length: > 0 } && key is { Length: > 0 } ? new SecretKeyRef(name, key) : null;
    }

    /// <summary>The Secret named, for dependency tracking.</summary>
    public ObjectKey Target(string @namespace) => new(SecretKind.Resource, @namespace, Name);
}
