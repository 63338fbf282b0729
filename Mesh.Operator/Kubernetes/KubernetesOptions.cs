using Microsoft.Extensions.Options;

namespace Mesh.Operator.Kubernetes;

/// <summary>How the operator reaches and shares a Kubernetes cluster, bound from <c>Mesh:Kubernetes</c>.</summary>
public sealed class KubernetesOptions
{
    public const string Section = "Mesh:Kubernetes";

    /// <summary>The API server's URL. Default: none, which means the in-cluster configuration (service account).</summary>
    public string? Url { get; set; }

    /// <summary>A bearer token for <see cref="Url"/>. Default: none.</summary>
    public string? Token { get; set; }

    /// <summary>Watch one namespace only. Default: none, all namespaces.</summary>
    public string? Namespace { get; set; }

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

    /// <summary>Whether a Broker without a <c>eventing.knative.dev/broker.class</c> annotation is the mesh's. Default true.</summary>
    public bool DefaultBrokerClass { get; set; } = true;
}

public sealed class KubernetesOptionsValidator : IValidateOptions<KubernetesOptions>
{
    public ValidateOptionsResult Validate(string? name, KubernetesOptions options)
    {
        var failures = new List<string>();
        if (options.Url is { } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
            failures.Add($"Mesh:Kubernetes:Url must be an absolute URL (was '{url}').");
        if (options.RenewDeadline >= options.LeaseDuration)
            failures.Add("Mesh:Kubernetes:RenewDeadline must be shorter than Mesh:Kubernetes:LeaseDuration.");
        if (options.RetryPeriod >= options.RenewDeadline)
            failures.Add("Mesh:Kubernetes:RetryPeriod must be shorter than Mesh:Kubernetes:RenewDeadline.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
