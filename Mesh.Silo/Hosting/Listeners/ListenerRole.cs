namespace Mesh.Silo.Hosting.Listeners;

/// <summary>Which of the mesh's ports a connection came in on.</summary>
public enum ListenerRole
{
    /// <summary>The data plane (<c>--urls</c>): ingress, receivers and, in local mode, the resource API.</summary>
    Main,

    /// <summary><c>Mesh:AdminUrls</c>: the pages that watch the mesh, and sign-in.</summary>
    Admin,

    /// <summary><c>Mesh:Metrics:Urls</c>: <c>/metrics</c> for scrapers.</summary>
    Metrics,
}
