using Mesh.Gateway.Identity;
using Mesh.Gateway.Ingress;
using Mesh.Gateway.Senders;
using Mesh.Gateway.Sources.GitHub;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mesh.Gateway.Hosting;

public static class MeshGatewayExtensions
{
    /// <summary>Registers the data plane's HTTP face: ingress settings (<c>Mesh:MaxEventBytes</c>) and the CloudEvents reader.</summary>
    public static IServiceCollection AddMeshGateway(this IServiceCollection services)
    {
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddSingleton<CloudEventRequestReader>();
        services.AddSingleton<IngressBatcher>();
        services.AddSingleton<IngressTargets>();
        services.AddSingleton<SenderTokens>();
        services.AddSingleton<SenderGate>();
        return services;
    }

    /// <summary>Maps broker and channel ingress, the GitHub webhook receiver and the mesh's issuer (discovery and JWKS).</summary>
    public static IEndpointRouteBuilder MapMeshGateway(this IEndpointRouteBuilder routes)
    {
        routes.MapBrokerIngress();
        routes.MapChannelIngress();
        routes.MapGitHubReceiver();
        routes.MapMeshIssuer();
        return routes;
    }
}
