namespace Mesh.Operator.Kinds.Secret;

/// <summary>
/// Where a <c>secretKeyRef</c> finds its Secret: the Secrets applied to the mesh (local mode), or
/// the cluster's <c>v1 Secret</c>s (Kubernetes mode).
/// </summary>
public interface ISecretSource
{
    /// <returns>The Secret's data, or null when there is no such Secret.</returns>
    /// <exception cref="SecretUnavailableException">The Secret could not be read now (permissions, API unreachable); worth retrying.</exception>
    Task<SecretData?> GetAsync(string @namespace, string name, CancellationToken cancellation);
}
