using k8s;
using Mesh.Operator.Reconcilers;
using Mesh.Operator.Resources;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Kubernetes;

/// <summary>One <see cref="KindClient"/> per served kind, over one Kubernetes client built on first use.</summary>
public sealed class KindClients(KindRegistry kinds, IOptions<KubernetesOptions> options) : IDisposable
{
    private readonly Lazy<IKubernetes> _client = new(() => KubernetesClientFactory.Create(options.Value));
    private readonly Dictionary<ResourceKind, KindClient> _byKind = [];

    public IKubernetes Client => _client.Value;

    // Custom resources only: core kinds (v1 Secret) are not custom objects and are not watched here.
    public IEnumerable<KindClient> All => kinds.All.Where(r => r.Kind.Group.Length > 0).Select(r => For(r.Kind));

    public KindClient For(ResourceKind kind)
    {
        lock (_byKind)
        {
            if (!_byKind.TryGetValue(kind, out var client))
                _byKind[kind] = client = new KindClient(Client, kind, options.Value.Namespace);
            return client;
        }
    }

    public void Dispose()
    {
        if (_client.IsValueCreated) _client.Value.Dispose();
    }
}
