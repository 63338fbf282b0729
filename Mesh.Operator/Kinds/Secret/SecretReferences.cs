using System.Text;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.Secret;

/// <summary>Resolves <c>{secretKeyRef: {name, key}}</c> against the Secrets of the same namespace in <see cref="ISecretSource"/>.</summary>
public sealed class SecretReferences(ISecretSource source)
{
    public async Task<SecretValue> ResolveAsync(SecretKeyRef reference, string @namespace, CancellationToken cancellation)
    {
        SecretData? secret;
        try
        {
            secret = await source.GetAsync(@namespace, reference.Name, cancellation);
        }
        catch (SecretUnavailableException e)
        {
            return new(null, "", "SecretUnreadable", e.Message, Retry: true);
        }
        if (secret is null)
            return new(null, "", "SecretNotFound", $"Secret {@namespace}/{reference.Name} does not exist");
        if (!secret.Data.TryGetValue(reference.Key, out var bytes))
            return new(null, secret.Version, "SecretKeyNotFound", $"Secret {@namespace}/{reference.Name} has no key '{reference.Key}'");
        return new(Encoding.UTF8.GetString(bytes), secret.Version);
    }
}
