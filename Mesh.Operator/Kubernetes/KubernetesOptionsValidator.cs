using Mesh.Operator.Kinds;
using Mesh.Operator.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mesh.Operator.Kinds.Broker;
using Mesh.Operator.Kinds.Trigger;

namespace Mesh.Operator.Kubernetes;

public sealed class KubernetesOptionsValidator(IServiceProvider services) : IValidateOptions<KubernetesOptions>
{
    public ValidateOptionsResult Validate(string? name, KubernetesOptions options)
    {
        var failures = new List<string>();
        if (options.Url is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
            failures.Add($"Mesh:Kubernetes:Url must be an absolute http(s) URL (was '{url}').");
        if (options.Token is not null && options.Url is null)
            failures.Add("Mesh:Kubernetes:Token needs Mesh:Kubernetes:Url; a kubeconfig or the service account brings its own credentials.");
        if (options.Url is not null && (options.KubeConfig is not null || options.Context is not null))
            failures.Add("Mesh:Kubernetes:KubeConfig and Mesh:Kubernetes:Context choose a kubeconfig; they cannot be combined with Mesh:Kubernetes:Url.");
        if (options.KubeConfig is { } kubeConfig && !File.Exists(kubeConfig))
            failures.Add($"Mesh:Kubernetes:KubeConfig names a file that does not exist ('{kubeConfig}').");
        if (options.CertificateAuthority is not null && options.CertificateAuthorityData is not null)
            failures.Add("Mesh:Kubernetes:CertificateAuthority and Mesh:Kubernetes:CertificateAuthorityData are exclusive: set one.");
        else if (ClusterCertificates.Problem(options) is { } problem)
            failures.Add(problem);
        if (options.RenewDeadline >= options.LeaseDuration)
            failures.Add("Mesh:Kubernetes:RenewDeadline must be shorter than Mesh:Kubernetes:LeaseDuration.");
        if (options.RetryPeriod >= options.RenewDeadline)
            failures.Add("Mesh:Kubernetes:RetryPeriod must be shorter than Mesh:Kubernetes:RenewDeadline.");
        if (options.UnreachableAfter <= TimeSpan.Zero)
            failures.Add($"Mesh:Kubernetes:UnreachableAfter must be positive (was {options.UnreachableAfter}).");
        if (options.KindPlurals is { } plurals) failures.AddRange(KindProblems(plurals));
        if (failures.Count == 0 && services.GetRequiredService<IOptions<OperatorModeOptions>>().Value.Mode == OperatorMode.Kubernetes)
            failures.AddRange(ClusterProblems(options));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Whether the configuration names a cluster the client can be built for: a kubeconfig that parses, a context it has.</summary>
    private IEnumerable<string> ClusterProblems(KubernetesOptions options)
    {
        var configuration = new ClusterConfiguration(Options.Create(options), services.GetRequiredService<KubernetesEnvironment>());
        try
        {
            configuration.Resolve();
        }
        catch (KubernetesConfigurationException e)
        {
            return [e.Message];
        }
        return [];
    }

    private IEnumerable<string> KindProblems(IReadOnlySet<string> plurals)
    {
        var served = services.GetRequiredService<KindRegistry>().All.Where(r => r.Kind.Group.Length > 0).Select(r => r.Kind.Plural).ToHashSet();
        foreach (var plural in plurals.Where(p => !served.Contains(p)).Order())
            yield return $"Mesh:Kubernetes:Kinds names '{plural}', which is not a kind the mesh serves ({string.Join(", ", served.Order())}).";
        // Whether a Trigger is the mesh's depends on its Broker's class, so Brokers must be watched too.
        if (plurals.Contains(TriggerKind.Resource.Plural) && !plurals.Contains(BrokerKind.Resource.Plural))
            yield return "Mesh:Kubernetes:Kinds has 'triggers' without 'brokers': a Trigger is the mesh's only when its Broker is.";
    }
}
