using Mesh.Grains.Identity;

namespace Mesh.Gateway.Identity;

/// <summary>
/// The mesh's issuer, as a Kubernetes API server serves its service-account issuer: the discovery
/// document and the JWKS that validate the tokens the mesh sends to destinations with an audience.
/// Public by design: they hold only public keys.
/// </summary>
public static class IssuerEndpoints
{
    public static IEndpointRouteBuilder MapMeshIssuer(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(MeshIssuer.DiscoveryPath, (HttpContext context, MeshIssuer issuer) =>
        {
            Cacheable(context);
            return Results.Json(issuer.Discovery());
        });
        routes.MapGet(MeshIssuer.JwksPath, async (HttpContext context, MeshIssuer issuer) =>
        {
            Cacheable(context);
            return Results.Json(await issuer.JwksAsync(context.RequestAborted), contentType: "application/jwk-set+json");
        });
        return routes;
    }

    private static void Cacheable(HttpContext context) => context.Response.Headers.CacheControl = "public, max-age=3600";
}
