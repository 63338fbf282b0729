namespace Mesh.Operator.Kubernetes;

/// <summary>How the operator reaches and shares a Kubernetes cluster, bound from <c>Mesh:Kubernetes</c>.</summary>
public sealed class KubernetesOptions
{
    public const string Section = "Mesh:Kubernetes";

    /// <summary>
    /// The API server's URL. Default: none, which means a kubeconfig (<see cref="KubeConfig"/>,
    /// <c>$KUBECONFIG</c>), the pod's service account, or <c>~/.kube/config</c>, in that order.
    /// </summary>
    public string? Url { get; set; }

    /// <summary>A bearer token for <see cref="Url"/>. Default: none.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// A PEM file of the CA (or CAs) that signed the API server's certificate; the server must chain
    /// to one of them. Replaces the kubeconfig's or the service account's CA. Default: none, which
    /// means the kubeconfig's or service account's CA, or with <see cref="Url"/> the system's roots.
    /// </summary>
    public string? CertificateAuthority { get; set; }

    /// <summary>The same as <see cref="CertificateAuthority"/>, as base64 of the PEM text (a kubeconfig's <c>certificate-authority-data</c>). Default: none.</summary>
    public string? CertificateAuthorityData { get; set; }

    /// <summary>A kubeconfig file to use instead of <c>$KUBECONFIG</c> and <c>~/.kube/config</c>. Default: none.</summary>
    public string? KubeConfig { get; set; }

    /// <summary>The kubeconfig context to use. Default: the kubeconfig's <c>current-context</c>.</summary>
    public string? Context { get; set; }

    /// <summary>Watch one namespace only. Default: none, all namespaces.</summary>
    public string? Namespace { get; set; }

    /// <summary>
    /// The kinds to watch, as comma-separated plurals (<c>brokers,triggers</c>). Default: none,
    /// every kind the mesh serves. Beside Knative Eventing, only the kinds Knative leaves to others.
    /// </summary>
    public string? Kinds { get; set; }

    /// <summary>The leader-election Lease. Default <c>mesh-operator</c> in <see cref="LeaseNamespace"/>.</summary>
    public string LeaseName { get; set; } = "mesh-operator";

    /// <summary>Default <c>mesh-system</c>; the deployment sets it to the pod's namespace.</summary>
    public string LeaseNamespace { get; set; } = "mesh-system";

    /// <summary>This instance's name in the Lease. Default: the host name and a random suffix.</summary>
    public string Identity { get; set; } = $"{Environment.MachineName}-{Guid.NewGuid():N}"[..Math.Min(63, Environment.MachineName.Length + 33)];

    /// <summary>How long a leader's Lease holds without renewal. Default 15 s.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it stops acting. Default 10 s.</summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often candidates try to acquire and the leader renews. Default 2 s.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the API server may be unreachable before <c>/readyz</c> says this instance is not ready. Default 10 s.</summary>
    public TimeSpan UnreachableAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether a Broker without a <c>eventing.knative.dev/broker.class</c> annotation is the mesh's,
    /// and so a Trigger whose Broker does not exist. Default true; false beside another eventing
    /// implementation, where the mesh acts on <c>Mesh</c>-class Brokers and their Triggers only.
    /// </summary>
    public bool DefaultBrokerClass { get; set; } = true;

    /// <summary>The plurals of <see cref="Kinds"/>, or null for every kind.</summary>
    public IReadOnlySet<string>? KindPlurals =>
        Kinds is { } kinds && kinds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } plurals
            ? plurals.ToHashSet(StringComparer.Ordinal)
            : null;
}
