using Mesh.Operator.Resources;
using Mesh.Operator.Store;

namespace Mesh.Operator.Reconcilers;

/// <summary>The Secrets applied to the mesh itself (<c>mesh apply</c>), as local mode resolves them.</summary>
public sealed class StoredSecrets(DeclarationStore store) : ISecretSource
{
    public async Task<SecretData?> GetAsync(string @namespace, string name, CancellationToken cancellation)
    {
        if (await store.GetAsync(new ObjectKey(KnativeKinds.Secret, @namespace, name)) is not { } secret) return null;
        // Validation admitted only base64 values.
        var data = (secret.Spec["data"] as JsonObject ?? [])
            .Where(e => Destinations.Text(e.Value) is not null)
            .ToDictionary(e => e.Key, e => Convert.FromBase64String(Destinations.Text(e.Value)!));
        return new SecretData(data, secret.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
