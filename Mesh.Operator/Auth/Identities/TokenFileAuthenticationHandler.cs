using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Auth.Identities;

/// <summary>Bearer tokens of the static token file.</summary>
public sealed class TokenFileAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, StaticTokenFile tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken.From(Context) is not { } token) return Task.FromResult(AuthenticateResult.NoResult());
        return Task.FromResult(tokens.Find(token) is { } user
            ? AuthenticateResult.Success(new AuthenticationTicket(MeshClaims.ToPrincipal(user, Scheme.Name), Scheme.Name))
            : AuthenticateResult.Fail("the token is not in the token file"));
    }
}
