using System.Text.Encodings.Web;
using Mesh.Operator.Auth.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Auth.Identities;

/// <summary>
/// The control plane's scheme: a bearer token when the request presents one (a bad one is an
/// error, never anonymous), otherwise the session cookie of <c>/login</c>. Challenges send a
/// browser to the sign-in form and answer anything else 401 with a problem body.
/// </summary>
public sealed class MeshAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, BearerAuthentication bearer)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken.From(Context) is { } token)
            return await bearer.AuthenticateAsync(Context, token) is { } principal
                ? AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name))
                : AuthenticateResult.Fail("the bearer token is not valid");
        var session = await Context.AuthenticateAsync(MeshAuthentication.CookieScheme);
        return session.Succeeded
            ? AuthenticateResult.Success(new AuthenticationTicket(session.Principal!, Scheme.Name))
            : AuthenticateResult.NoResult();
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (LoginEndpoints.IsBrowserNavigation(Request) && Context.GetEndpoint()?.Metadata.GetMetadata<MeshWatcherMetadata>() is not null)
        {
            Response.Redirect(LoginEndpoints.PathFor(Request));
            return;
        }
        Response.Headers.WWWAuthenticate = "Bearer realm=\"mesh\"";
        await AccessProblems.Unauthorized(BearerToken.IsPresented(Context)).ExecuteAsync(Context);
    }
}
