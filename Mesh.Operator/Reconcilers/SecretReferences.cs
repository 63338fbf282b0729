using System.Text;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;

namespace Mesh.Operator.Reconcilers;

/// <summary>A resolved <c>secretKeyRef</c>: the value, or why there is none.</summary>
/// <param name="Generation">The Secret's generation, so that a changed value can be told apart.</param>
public sealed record SecretValue(string? Value, long Generation, string? Reason = null, string? Message = null)
{
    public bool Resolved => Value is not null;

    // Never print the value.
    public override string ToString() => Resolved ? $"SecretValue(generation {Generation})" : $"SecretValue({Reason})";
}

/// <summary>Resolves <c>{secretKeyRef: {name, key}}</c> against the Secrets applied in the same namespace.</summary>
public sealed class SecretReferences(DeclarationStore store)
{
    public async Task<SecretValue> ResolveAsync(JsonNode? holder, string @namespace)
    {
        var reference = holder?["secretKeyRef"];
        var name = Destinations.Text(reference?["name"]) ?? "";
        var key = Destinations.Text(reference?["key"]) ?? "";
        var secret = await store.GetAsync(new ObjectKey(KnativeKinds.Secret, @namespace, name));
        if (secret is null)
            return new(null, 0, "SecretNotFound", $"Secret {@namespace}/{name} does not exist");
        if (Destinations.Text(secret.Spec["data"]?[key]) is not { } encoded)
            return new(null, secret.Generation, "SecretKeyNotFound", $"Secret {@namespace}/{name} has no key '{key}'");
        return new(Encoding.UTF8.GetString(Convert.FromBase64String(encoded)), secret.Generation);
    }

    /// <summary>The Secret a <c>secretKeyRef</c> names, for dependency tracking.</summary>
    public static ObjectKey? Target(JsonNode? holder, string @namespace) =>
        Destinations.Text(holder?["secretKeyRef"]?["name"]) is { Length: > 0 } name
            ? new ObjectKey(KnativeKinds.Secret, @namespace, name)
            : null;
}
