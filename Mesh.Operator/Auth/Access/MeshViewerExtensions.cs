using Mesh.Operator.Auth.Rbac;
using Mesh.Operator.Kinds;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Operator.Auth.Access;

/// <summary>
/// One call for endpoints that show the mesh: open on loopback without identities configured;
/// otherwise only to an identity RBAC allows to <c>get</c> what is shown, signing browsers in at
/// <c>/login</c>; on the admin listener when one is configured.
/// </summary>
public static class MeshViewerExtensions
{
    /// <summary>Whole-mesh views (dashboard, UI): <c>get</c> on the request's path, granted by a ClusterRole's <c>nonResourceURLs</c> (e.g. <c>/dashboard/*</c>).</summary>
    public static TBuilder RequireMeshViewer<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireMeshViewer(context => [AccessRequest.ForPath("get", context.Request.Path.Value ?? "/")]);

    /// <summary>Views of given objects: every request <paramref name="shown"/> describes must be allowed.</summary>
    public static TBuilder RequireMeshViewer<TBuilder>(this TBuilder builder, Func<HttpContext, IReadOnlyList<AccessRequest>> shown)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAuthorization(MeshAccessRequirement.Policy(shown));
        builder.WithMetadata(MeshWatcherMetadata.Instance);
        return builder;
    }

    /// <summary>
    /// A view of one object named by route values (e.g. <c>/tail/{kind}/{namespace}/{name}</c>, where
    /// kind is a plural, singular, Kind or short name): <c>get</c> on that object.
    /// </summary>
    public static TBuilder RequireMeshViewerOfObject<TBuilder>(this TBuilder builder, string kindRouteValue = "kind",
        string namespaceRouteValue = "namespace", string nameRouteValue = "name") where TBuilder : IEndpointConventionBuilder =>
        builder.RequireMeshViewer(context =>
        {
            var values = context.Request.RouteValues;
            var kindText = values[kindRouteValue]?.ToString() ?? "";
            var kind = context.RequestServices.GetRequiredService<KindRegistry>().All.Select(r => r.Kind)
                .FirstOrDefault(k => string.Equals(k.Plural, kindText, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(k.Kind, kindText, StringComparison.OrdinalIgnoreCase)
                    || k.ShortNames.Contains(kindText, StringComparer.OrdinalIgnoreCase));
            return [AccessRequest.ForResource("get", kind?.Group ?? "", kind?.Plural ?? kindText,
                values[namespaceRouteValue]?.ToString() ?? "", values[nameRouteValue]?.ToString() ?? "")];
        });
}
