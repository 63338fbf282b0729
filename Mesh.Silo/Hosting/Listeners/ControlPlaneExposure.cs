using Mesh.Operator.Auth;

namespace Mesh.Silo.Hosting.Listeners;

/// <summary>
/// The start-up rule of docs/security.md: without identities configured, the control plane (the
/// resource API, the watcher pages, <c>/metrics</c> unless it has a port of its own) is served
/// only on loopback addresses, unless <c>Mesh:Auth:AllowAnonymous</c> says otherwise.
/// </summary>
public static class ControlPlaneExposure
{
    /// <summary>The addresses beyond loopback on which the control plane would be served with no identity asked.</summary>
    public static IReadOnlyList<(string What, ListenAddress Address)> Unprotected(ListenerPlan plan, MeshAuthOptions auth)
    {
        if (auth.RequiresIdentity) return [];
        var served = new List<(string, ListenAddress)>();
        if (plan.ServesResourceApi) served.AddRange(plan.Main.Select(a => ("the resource API", a)));
        served.AddRange(plan.Watchers.Select(a => ("the dashboard and sign-in pages", a)));
        if (plan.Metrics.Count == 0) served.AddRange(plan.Watchers.Select(a => ("/metrics", a)));
        return [.. served.Where(s => !s.Item2.IsLoopback)];
    }

    /// <summary>Why the mesh must not start, or null when it may.</summary>
    public static string? Refusal(ListenerPlan plan, MeshAuthOptions auth)
    {
        if (auth.AllowAnonymous || Unprotected(plan, auth) is not { Count: > 0 } exposed) return null;
        var (what, address) = exposed[0];
        return $"Refusing to start: {what} would be served on {address.Url}, which is not a loopback address, to anyone who can reach it. "
            + "Configure identities with Mesh:Auth:TokenFile (a static token file) or Mesh:Auth:Oidc:Issuer (with Mesh:Auth:Oidc:Audience), "
            + "listen on loopback only (--urls http://localhost:8080), or set Mesh:Auth:AllowAnonymous=true to serve it without authentication. "
            + "See docs/security.md.";
    }
}
