namespace Mesh.Silo.Hosting.Listeners;

/// <summary>Ports beside the main one (<c>--urls</c>), bound from <c>Mesh</c>.</summary>
public sealed class MeshListenerOptions
{
    /// <summary>
    /// Where the pages that watch the mesh (<c>/dashboard</c>, <c>/ui</c>, <c>/tail</c>, <c>/login</c>)
    /// and <c>/metrics</c> are served instead of the main port; <c>;</c>-separated URLs with explicit
    /// ports. Default: none in local mode (they share the main port), <c>http://127.0.0.1:8081</c> in
    /// Kubernetes mode (reach it with <c>kubectl port-forward</c>).
    /// </summary>
    public string? AdminUrls { get; set; }

    public MeshMetricsListenerOptions Metrics { get; set; } = new();
}

/// <summary>A port of its own for Prometheus, bound from <c>Mesh:Metrics</c>.</summary>
public sealed class MeshMetricsListenerOptions
{
    /// <summary>
    /// <c>;</c>-separated URLs with explicit ports where <c>/metrics</c> is served to anyone who
    /// reaches them (scrapers), and nothing else. Default: none (<c>/metrics</c> is a watcher page).
    /// </summary>
    public string? Urls { get; set; }
}
