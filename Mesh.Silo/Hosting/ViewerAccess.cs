namespace Mesh.Silo.Hosting;

/// <summary>
/// The one place that says who may look at the mesh: the topology page (<c>/ui</c>), live tails
/// (<c>/tail</c>) and the Orleans Dashboard (<c>/dashboard</c>) all pass through here.
/// </summary>
internal static class ViewerAccess
{
    // Resource-API authentication (issue 13) applies its viewer policy here, e.g. builder.RequireMeshViewer().
    public static TBuilder ForMeshViewers<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder => builder;
}
