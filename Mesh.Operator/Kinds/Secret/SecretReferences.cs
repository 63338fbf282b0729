using System.Text;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Reconcilers;

/// <summary>A resolved <c>secretKeyRef</c>: the value, or why there is none.</summary>
/// <param name="Version">The Secret's version, so that a changed value can be told apart.</param>
/// <param name="Retry">Whether the failure may pass by itself (the Secret could not be read), so the reconcile should be retried.</param>
public sealed record SecretValue(string? Value, string Version, string? Reason = null, string? Message = null, bool Retry = false)
{
    public bool Resolved => Value is not null;

    // Never print the value.
    public override string ToString() => Resolved ? $"SecretValue(version {Version})" : $"SecretValue({Reason})";
}

/// <summary>Resolves <c>{secretKeyRef: {name, key}}</c> against the Secrets of the same namespace in <see cref="ISecretSource"/>.</summary>
public sealed class SecretReferences(ISecretSource source)
{
    public async Task<SecretValue> ResolveAsync(JsonNode? holder, string @namespace, CancellationToken cancellation)
    {
        var reference = holder?["secretKeyRef"];
        var name = Destinations.Text(reference?["name"]) ?? "";
        var key = Destinations.Text(reference?["key"]) ?? "";
        SecretData? secret;
        try
        {
            secret = await source.GetAsync(@namespace, name, cancellation);
        }
        catch (SecretUnavailableException e)
        {
            return new(null, "", "SecretUnreadable", e.Message, Retry: true);
        }
        if (secret is null)
            return new(null, "", "SecretNotFound", $"Secret {@namespace}/{name} does not exist");
        if (!secret.Data.TryGetValue(key, out var bytes))
            return new(null, secret.Version, "SecretKeyNotFound", $"Secret {@namespace}/{name} has no key '{key}'");
        return new(Encoding.UTF8.GetString(bytes), secret.Version);
    }

    /// <summary>The Secret a <c>secretKeyRef</c> names, for dependency tracking.</summary>
    public static ObjectKey? Target(JsonNode? holder, string @namespace) =>
        Destinations.Text(holder?["secretKeyRef"]?["name"]) is { Length: > 0 } name
            ? new ObjectKey(KnativeKinds.Secret, @namespace, name)
            : null;
}
