using k8s;
using Mesh.Operator.Auth.Rbac;
using Mesh.Operator.Kinds;
using Mesh.Operator.Resources;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Kubernetes;

/// <summary>One <see cref="KindClient"/> per served kind, over the process's <see cref="KubernetesConnection"/>.</summary>
public sealed class KindClients(KindRegistry kinds, KubernetesConnection connection, IOptions<KubernetesOptions> options)
{
    private readonly Dictionary<ResourceKind, KindClient> _byKind = [];

    public IKubernetes Client => connection.Client;

    // Custom resources only: core kinds (v1 Secret) are not custom objects; Secrets are watched per
    // namespace by SecretWatches instead. The RBAC kinds are the local resource API's; the cluster
    // keeps its own, as it does the stored-only kinds (Knative Serving's). Mesh:Kubernetes:Kinds narrows them (beside Knative Eventing).
    public IEnumerable<KindClient> All => kinds.All
        .Where(r => r.Kind.Group.Length > 0 && !RbacKinds.Contains(r.Kind) && !r.IsStoredOnly
            && (options.Value.KindPlurals is not { } watched || watched.Contains(r.Kind.Plural)))
        .Select(r => For(r.Kind));

    public KindClient For(ResourceKind kind)
    {
        lock (_byKind)
        {
            if (!_byKind.TryGetValue(kind, out var client))
                _byKind[kind] = client = new KindClient(Client, kind, options.Value.Namespace);
            return client;
        }
    }
}
