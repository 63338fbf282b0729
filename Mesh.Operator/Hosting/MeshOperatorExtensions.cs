using Mesh.Operator.Api;
using Mesh.Operator.Auth;
using Mesh.Operator.Auth.Access;
using Mesh.Operator.Auth.Rbac;
using Mesh.Operator.Kubernetes;
using Mesh.Operator.Addressing;
using Mesh.Operator.Controller;
using Mesh.Operator.Kinds;
using Mesh.Operator.Store;
using Mesh.Operator.Watch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Hosting;

public static class MeshOperatorExtensions
{
    /// <summary>
    /// Registers the control plane: the kinds (<see cref="MeshKinds"/>), the declaration store and
    /// the start-up resync (which also gates readiness through the <c>operator</c> health check), and Kubernetes mode when configured.
    /// </summary>
    public static IServiceCollection AddMeshOperator(this IServiceCollection services)
    {
        services.AddOptions<OperatorOptions>().BindConfiguration(OperatorOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OperatorOptions>, OperatorOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PublicAddress>();
        services.AddSingleton<Mesh.Grains.Identity.IMeshBaseAddress>(sp => sp.GetRequiredService<PublicAddress>());
        services.AddSingleton<ResourceVersionClock>();
        services.AddSingleton(sp => new ResourceWatchHub(sp.GetRequiredService<ResourceVersionClock>(), maxWatchers: sp.GetRequiredService<IOptions<OperatorOptions>>().Value.MaxWatches));
        services.AddSingleton<DeclarationStore>();
        services.AddSingleton<IAddressables, ServiceAddressables>();
        services.AddSingleton<IAddressables, DeclaredAddressables>();
        services.AddSingleton<DestinationResolver>();
        services.AddMeshAuth();
        services.AddMeshKinds();
        services.AddSingleton<KindRegistry>();
        services.AddSingleton(sp => new Lazy<KindRegistry>(sp.GetRequiredService<KindRegistry>));
        services.AddSingleton<RequeueTimers>();
        services.AddSingleton<ReconcileLoop>();
        services.AddSingleton<ResourceController>();
        services.AddSingleton<Resync>();
        services.AddSingleton<OperatorStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<OperatorStartup>());
        services.AddHealthChecks().AddCheck<OperatorStartup>("operator", tags: ["ready"]);
        services.AddMeshKubernetes();
        return services;
    }

    /// <summary>
    /// Maps the sign-in form and, in local mode, the resource API (<c>/apis/...</c>, <c>/api/v1/...</c>)
    /// with its access review, every request authorized by RBAC. Kubernetes mode serves no resource
    /// API: the cluster's API server and its RBAC are the control plane there.
    /// </summary>
    public static IEndpointRouteBuilder MapMeshOperator(this IEndpointRouteBuilder routes)
    {
        routes.MapMeshLogin();
        if (routes.ServiceProvider.GetRequiredService<IOptions<OperatorModeOptions>>().Value.Mode == OperatorMode.Kubernetes) return routes;
        var api = routes.MapGroup("").RequireAuthorization(MeshAuthExtensions.ResourceApiPolicy);
        api.MapResourceApi();
        api.MapSelfSubjectAccessReviews();
        return routes;
    }
}
