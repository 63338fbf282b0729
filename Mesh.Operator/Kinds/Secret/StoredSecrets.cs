using Mesh.Operator.Resources;
using Mesh.Operator.Store;

namespace Mesh.Operator.Kinds.Secret;

/// <summary>The Secrets applied to the mesh itself (<c>mesh apply</c>), as local mode resolves them.</summary>
public sealed class StoredSecrets(DeclarationStore store) : ISecretSource
{
    public async Task<SecretData?> GetAsync(string @namespace, string name, CancellationToken cancellation)
    {
        var secret = await store.GetAsync(new ObjectKey(SecretKind.Resource, @namespace, name));
        if (secret is null || Declared<SecretDeclaration>.Read(secret) is not { } declared) return null;
        return new SecretData(declared.Spec.Data, secret.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
