using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Kubernetes;

public static class KubernetesOperatorExtensions
{
    /// <summary>
    /// Registers Kubernetes mode: idle unless <c>Mesh:Operator:Mode</c> is <c>Kubernetes</c>; then the
    /// leader watches the cluster's custom resources and writes their status back.
    /// </summary>
    public static IServiceCollection AddMeshKubernetes(this IServiceCollection services)
    {
        services.AddOptions<OperatorModeOptions>().BindConfiguration(OperatorModeOptions.Section);
        services.AddOptions<KubernetesOptions>().BindConfiguration(KubernetesOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KubernetesOptions>, KubernetesOptionsValidator>();
        services.AddSingleton<KindClients>();
        services.AddSingleton<StatusWriter>();
        services.AddSingleton<KubernetesDeclarations>();
        services.AddSingleton<KubernetesOperator>();
        services.AddHostedService(sp => sp.GetRequiredService<KubernetesOperator>());
        services.AddHealthChecks().AddCheck<KubernetesOperator>("kubernetes", tags: ["ready"]);
        return services;
    }
}
