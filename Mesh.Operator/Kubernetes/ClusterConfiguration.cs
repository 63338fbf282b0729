using System.Security.Cryptography;
using k8s;
using k8s.Authentication;
using k8s.Exceptions;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Kubernetes;

/// <summary>
/// Which API server the operator talks to, and how it trusts and authenticates to it. In order:
/// <c>Mesh:Kubernetes:Url</c> (with <c>Token</c>); the kubeconfig named by
/// <c>Mesh:Kubernetes:KubeConfig</c> or <c>$KUBECONFIG</c>; the pod's service account; and
/// <c>~/.kube/config</c> — the order controller-runtime uses. A configured CA replaces the one the
/// kubeconfig or service account brings.
/// </summary>
public sealed class ClusterConfiguration(IOptions<KubernetesOptions> options, KubernetesEnvironment environment)
{
    /// <summary>The client configuration, and where it came from (for the log; never a credential).</summary>
    /// <exception cref="KubernetesConfigurationException">Nothing says where the cluster is, or what does cannot be read.</exception>
    public (KubernetesClientConfiguration Config, string Source) Resolve()
    {
        var o = options.Value;
        var (config, source) = o.Url is { } url ? (new KubernetesClientConfiguration { Host = url, AccessToken = o.Token }, $"Mesh:Kubernetes:Url {url}")
            : o.KubeConfig is { } file ? FromKubeConfig([file], "Mesh:Kubernetes:KubeConfig")
            : environment.KubeConfigPaths is { Count: > 0 } paths ? FromKubeConfig(paths, "$KUBECONFIG")
            : environment.InPod ? InPod()
            : environment.DefaultKubeConfig is { } home && File.Exists(home) ? FromKubeConfig([home], "~/.kube/config")
            : throw new KubernetesConfigurationException(
                "No Kubernetes API server is configured: set Mesh:Kubernetes:Url (and Token), Mesh:Kubernetes:KubeConfig or $KUBECONFIG, "
                + "provide ~/.kube/config, or run in a pod with a service account.");
        if (ClusterCertificates.Load(o) is { } authorities) config.SslCaCerts = authorities;
        // Watches are long-lived: the server ends them (timeoutSeconds), not the client.
        config.HttpClientTimeout = Timeout.InfiniteTimeSpan;
        return (config, source);
    }

    private (KubernetesClientConfiguration, string) FromKubeConfig(IReadOnlyList<string> paths, string origin)
    {
        var context = options.Value.Context;
        try
        {
            var config = KubernetesClientConfiguration.BuildConfigFromConfigObject(KubeConfigFiles.Load(paths), context);
            return (config, $"kubeconfig {string.Join(Path.PathSeparator, paths)} ({origin}), context {config.CurrentContext ?? "(none)"}");
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or FormatException
                                      or CryptographicException or YamlDotNet.Core.YamlException or ArgumentException)
        {
            var which = context is null ? "" : $" with context '{context}' (Mesh:Kubernetes:Context)";
            throw new KubernetesConfigurationException($"The kubeconfig {string.Join(Path.PathSeparator, paths)} from {origin}{which} cannot be used: {e.Message}", e);
        }
    }

    private (KubernetesClientConfiguration, string) InPod()
    {
        if (options.Value.Context is { } context)
            throw new KubernetesConfigurationException($"Mesh:Kubernetes:Context is '{context}', but no kubeconfig was found; in a pod the service account is used.");
        var host = environment.Variable("KUBERNETES_SERVICE_HOST")!;
        if (!int.TryParse(environment.Variable("KUBERNETES_SERVICE_PORT"), System.Globalization.CultureInfo.InvariantCulture, out var port))
            throw new KubernetesConfigurationException($"KUBERNETES_SERVICE_PORT is not a port number (was '{environment.Variable("KUBERNETES_SERVICE_PORT")}').");
        var config = new KubernetesClientConfiguration
        {
            Host = new UriBuilder(Uri.UriSchemeHttps, host, port).Uri.ToString(),
            // Re-read as the kubelet rotates it: projected service-account tokens expire.
            TokenProvider = new TokenFileAuth(environment.TokenFile),
        };
        if (File.Exists(environment.CaFile))
        {
            var authorities = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
            authorities.ImportFromPemFile(environment.CaFile);
            config.SslCaCerts = authorities;
        }
        return (config, $"the pod's service account ({environment.ServiceAccountDirectory}) at {config.Host}");
    }
}
