using k8s;

namespace Mesh.Operator.Kubernetes;

/// <summary>Builds the client: a configured URL (and token), or the pod's service account.</summary>
public static class KubernetesClientFactory
{
    public static IKubernetes Create(KubernetesOptions options)
    {
        var config = options.Url is { } url
            ? new KubernetesClientConfiguration { Host = url, AccessToken = options.Token }
            : KubernetesClientConfiguration.InClusterConfig();
        // Watches are long-lived: the server ends them (timeoutSeconds), not the client.
        config.HttpClientTimeout = Timeout.InfiniteTimeSpan;
        return new k8s.Kubernetes(config);
    }
}
