namespace Mesh.Operator.Auth.Identities;

/// <summary>The authentication schemes of the control plane.</summary>
public static class MeshAuthentication
{
    /// <summary>The one scheme endpoints name: a bearer token (token file, then OIDC), else the session cookie.</summary>
    public const string Scheme = "Mesh";

    public const string TokenFileScheme = "MeshTokenFile";
    public const string OidcScheme = "MeshOidc";
    public const string CookieScheme = "MeshSession";

    /// <summary>The session cookie set by <c>/login</c>: HttpOnly, SameSite=Strict.</summary>
    public const string CookieName = "mesh.session";

    /// <summary>Where the session cookie keeps the token it was made from, checked again on every request.</summary>
    public const string SessionTokenName = "access_token";
}
