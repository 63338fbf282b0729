namespace Mesh.Operator.Kubernetes;

/// <summary>
/// Where the process finds a cluster when no URL is configured: its environment variables
/// (<c>KUBECONFIG</c>, <c>KUBERNETES_SERVICE_HOST</c>, <c>HOME</c>) and the pod's service-account
/// directory. A value of its own so that tests can stand a process in a pod without being in one.
/// </summary>
public sealed record KubernetesEnvironment(Func<string, string?> Variable, string ServiceAccountDirectory)
{
    /// <summary>Where the kubelet mounts the pod's service-account token, CA and namespace.</summary>
    public const string PodServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public static KubernetesEnvironment Process { get; } = new(Environment.GetEnvironmentVariable, PodServiceAccountDirectory);

    public string TokenFile => Path.Combine(ServiceAccountDirectory, "token");

    public string CaFile => Path.Combine(ServiceAccountDirectory, "ca.crt");

    /// <summary>Inside a pod: the API server's service address is in the environment and the token is mounted.</summary>
    public bool InPod => !string.IsNullOrEmpty(Variable("KUBERNETES_SERVICE_HOST")) && !string.IsNullOrEmpty(Variable("KUBERNETES_SERVICE_PORT"))
        && File.Exists(TokenFile);

    /// <summary>The kubeconfig files in <c>$KUBECONFIG</c>, merged in order as kubectl does.</summary>
    public IReadOnlyList<string> KubeConfigPaths =>
        Variable("KUBECONFIG")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary><c>~/.kube/config</c>, when there is a home directory.</summary>
    public string? DefaultKubeConfig => Variable("HOME") is { Length: > 0 } home ? Path.Combine(home, ".kube", "config") : null;
}
