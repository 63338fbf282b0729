using k8s;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Kubernetes;

/// <summary>
/// The process's one Kubernetes client, built on first use. It stands apart from
/// <see cref="KindClients"/> because Secret lookups, which reconcilers make, need the client while
/// the kind clients need the reconcilers.
/// </summary>
public sealed class KubernetesConnection(IOptions<KubernetesOptions> options) : IDisposable
{
    private readonly Lazy<IKubernetes> _client = new(() => KubernetesClientFactory.Create(options.Value));

    public IKubernetes Client => _client.Value;

    public void Dispose()
    {
        if (_client.IsValueCreated) _client.Value.Dispose();
    }
}
