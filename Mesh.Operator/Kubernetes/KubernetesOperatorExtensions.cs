using Mesh.Operator.Addressing;
using Mesh.Operator.Kinds.Secret;
using Mesh.Operator.Kubernetes.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Kubernetes;

public static class KubernetesOperatorExtensions
{
    /// <summary>
    /// Registers Kubernetes mode: idle unless <c>Mesh:Operator:Mode</c> is <c>Kubernetes</c>; then the
    /// leader watches the cluster's custom resources and writes their status back, and
    /// <c>secretKeyRef</c>s read the cluster's Secrets; every instance serves the admission webhooks.
    /// </summary>
    public static IServiceCollection AddMeshKubernetes(this IServiceCollection services)
    {
        services.AddOptions<OperatorModeOptions>().BindConfiguration(OperatorModeOptions.Section);
        services.AddOptions<KubernetesOptions>().BindConfiguration(KubernetesOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KubernetesOptions>, KubernetesOptionsValidator>();
        services.TryAddSingleton(KubernetesEnvironment.Process);
        services.AddSingleton<ClusterConfiguration>();
        services.AddSingleton<ApiServerReachability>();
        services.AddSingleton<KubernetesConnection>();
        services.AddSingleton<BrokerClassRule>();
        services.AddSingleton<KindClients>();
        services.AddSingleton<SecretWatches>();
        services.AddSingleton<SecretChanges>();
        services.AddSingleton<ClusterSecrets>();
        // secretKeyRef reads the cluster's Secrets in Kubernetes mode, and the Secrets applied to the mesh otherwise.
        services.AddSingleton<ISecretSource>(sp => sp.GetRequiredService<IOptions<OperatorModeOptions>>().Value.Mode == OperatorMode.Kubernetes
            ? sp.GetRequiredService<ClusterSecrets>()
            : sp.GetRequiredService<StoredSecrets>());
        services.AddSingleton<StatusWriter>();
        services.AddSingleton<ClusterApi>();
        services.AddSingleton<ClusterDiscovery>();
        services.AddSingleton<AccessReviews>();
        services.AddSingleton<ApiServerWatches>();
        services.AddSingleton<AddressableWatches>();
        services.AddSingleton<AddressableChanges>();
        // After the mesh's own kinds and v1 Service (registered before this): any other kind is asked of the cluster.
        services.AddSingleton<IAddressables, ClusterAddressables>();
        services.AddSingleton<KubernetesDeclarations>();
        services.AddSingleton<KubernetesOperator>();
        services.AddHostedService(sp => sp.GetRequiredService<KubernetesOperator>());
        services.AddHealthChecks().AddCheck<KubernetesOperator>("kubernetes", tags: ["ready"]);
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        services.AddSingleton<AdmissionWebhook>();
        services.AddSingleton<WebhookCertificates>();
        services.AddSingleton<WebhookConfigurations>();
        services.AddHostedService<WebhookServer>();
        return services;
    }
}
