namespace Mesh.Operator.Auth;

/// <summary>Who may use the control plane (resource API, dashboard, tail, UI), bound from <c>Mesh:Auth</c>.</summary>
public sealed class MeshAuthOptions
{
    public const string Section = "Mesh:Auth";

    /// <summary>
    /// A kube-apiserver static token file: CSV lines <c>token,user,uid,"group1,group2"</c>. Re-read
    /// when it changes. Default: none.
    /// </summary>
    public string? TokenFile { get; set; }

    /// <summary>OIDC bearer tokens from one issuer. Default: none.</summary>
    public MeshOidcOptions Oidc { get; set; } = new();

    /// <summary>
    /// Without identities configured: serve the control plane to anyone who can reach it, on any
    /// address (a warning is logged at start-up). With identities: requests without a token are
    /// <c>system:anonymous</c> (group <c>system:unauthenticated</c>) and RBAC decides. Default false.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Whether any way to authenticate is configured; without one the control plane is open (loopback only, unless anonymous access is allowed).</summary>
    public bool RequiresIdentity => !string.IsNullOrWhiteSpace(TokenFile) || !string.IsNullOrWhiteSpace(Oidc.Issuer);
}
