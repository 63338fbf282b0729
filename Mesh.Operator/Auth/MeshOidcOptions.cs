namespace Mesh.Operator.Auth;

/// <summary>OIDC bearer tokens, as kube-apiserver's <c>--oidc-*</c> flags, bound from <c>Mesh:Auth:Oidc</c>.</summary>
public sealed class MeshOidcOptions
{
    /// <summary>The issuer URL; discovery and keys are fetched from it (https, or http on a loopback host). Default: none.</summary>
    public string? Issuer { get; set; }

    /// <summary>The audience (client id) a token must carry in <c>aud</c>. Required with <see cref="Issuer"/>.</summary>
    public string? Audience { get; set; }

    /// <summary>The claim whose value is the user name. Default <c>sub</c>.</summary>
    public string UsernameClaim { get; set; } = "sub";

    /// <summary>The claim listing the user's groups (an array or one string). Default <c>groups</c>.</summary>
    public string GroupsClaim { get; set; } = "groups";

    /// <summary>Put before every user name (e.g. <c>oidc:</c>), so issuer users cannot pose as token-file users. Default none.</summary>
    public string UsernamePrefix { get; set; } = "";

    /// <summary>Put before every group name (e.g. <c>oidc:</c>), so an issuer cannot grant <c>system:masters</c>. Default none.</summary>
    public string GroupsPrefix { get; set; } = "";
}
