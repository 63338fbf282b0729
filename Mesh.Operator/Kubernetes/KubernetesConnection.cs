using k8s;
using Microsoft.Extensions.Logging;

namespace Mesh.Operator.Kubernetes;

/// <summary>
/// The process's one Kubernetes client, built on first use from <see cref="ClusterConfiguration"/>,
/// with every request reported to <see cref="ApiServerReachability"/>. It stands apart from
/// <see cref="KindClients"/> because Secret lookups, which reconcilers make, need the client while
/// the kind clients need the reconcilers.
/// </summary>
public sealed partial class KubernetesConnection : IDisposable
{
    private readonly Lazy<IKubernetes> _client;

    public KubernetesConnection(ClusterConfiguration configuration, ApiServerReachability reachability, ILogger<KubernetesConnection> logger) =>
        _client = new(() =>
        {
            var (config, source) = configuration.Resolve();
            LogConnecting(logger, source);
            return new k8s.Kubernetes(config, new ReachabilityHandler(reachability));
        });

    /// <exception cref="KubernetesConfigurationException">The configuration does not say where or how to reach the cluster.</exception>
    public IKubernetes Client => _client.Value;

    public void Dispose()
    {
        if (_client.IsValueCreated) _client.Value.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Kubernetes API server from {Source}")]
    private static partial void LogConnecting(ILogger logger, string source);
}
