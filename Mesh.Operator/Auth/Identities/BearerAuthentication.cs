using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Auth.Identities;

/// <summary>
/// Checks a bearer token against each configured source in turn, the token file first and then
/// the OIDC issuer, as kube-apiserver's union authenticator does: the first that knows it wins.
/// </summary>
public sealed class BearerAuthentication(IOptions<MeshAuthOptions> options)
{
    /// <summary>The user the token stands for, or null when no source accepts it.</summary>
    public async Task<ClaimsPrincipal?> AuthenticateAsync(HttpContext context, string token)
    {
        BearerToken.Hold(context, token);
        foreach (var scheme in Schemes)
        {
            var result = await context.AuthenticateAsync(scheme);
            if (result.Succeeded) return result.Principal;
        }
        return null;
    }

    private IEnumerable<string> Schemes
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(options.Value.TokenFile)) yield return MeshAuthentication.TokenFileScheme;
            if (!string.IsNullOrWhiteSpace(options.Value.Oidc.Issuer)) yield return MeshAuthentication.OidcScheme;
        }
    }
}
