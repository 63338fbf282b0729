using Mesh.Operator.Auth.Rbac;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Mesh.Grains.Identity;
using Microsoft.Extensions.Logging;

namespace Mesh.Operator.Auth.Identities;

/// <summary>
/// Configures ASP.NET Core's JWT bearer handler for <c>Mesh:Auth:Oidc</c>: discovery and keys from the
/// issuer through <see cref="IssuerKeys"/> (cached, fetched again at once when a token names a key not yet seen),
/// audience checked, and the user name and groups taken from the configured claims.
/// </summary>
public static class OidcBearer
{
    public static void Configure(JwtBearerOptions options, MeshOidcOptions oidc, TimeProvider time, ILogger<IssuerKeys> logger)
    {
        if (string.IsNullOrWhiteSpace(oidc.Issuer)) return;
        var issuer = new Uri(oidc.Issuer);
        options.Authority = oidc.Issuer;
        // Our manager fetches the keys again as soon as a token names one it lacks (rate-limited), so a
        // rotated key is trusted from its first token and a retired one stops validating.
        var keys = new IssuerKeys(oidc.Issuer, time, logger);
        options.ConfigurationManager = keys;
        options.Audience = oidc.Audience;
        options.RequireHttpsMetadata = !issuer.IsLoopback;
        options.MapInboundClaims = false;
        options.TokenValidationParameters.ValidateIssuer = true;
        options.TokenValidationParameters.ValidateAudience = true;
        options.TokenValidationParameters.RequireExpirationTime = true;
        options.Events = new JwtBearerEvents
        {
            // The token may come from the sign-in form or a session cookie rather than the header.
            OnMessageReceived = async context =>
            {
                context.Token = BearerToken.From(context.HttpContext);
                if (context.Token is null)
                {
                    context.NoResult();
                    return;
                }
                try
                {
                    await keys.ForTokenAsync(context.Token, context.HttpContext.RequestAborted);
                }
                catch (InvalidOperationException)
                {
                    // The issuer cannot be reached: the handler's own fetch reports it and the token is refused.
                }
            },
            OnTokenValidated = context =>
            {
                var principal = context.Principal!;
                if (principal.FindFirst(oidc.UsernameClaim)?.Value is not { Length: > 0 } name)
                {
                    context.Fail($"the token has no '{oidc.UsernameClaim}' claim");
                    return Task.CompletedTask;
                }
                var groups = principal.FindAll(oidc.GroupsClaim).Select(c => oidc.GroupsPrefix + c.Value);
                var user = MeshUser.Create(oidc.UsernamePrefix + name, principal.FindFirst("sub")?.Value, groups);
                context.Principal = MeshClaims.ToPrincipal(user, MeshAuthentication.OidcScheme);
                return Task.CompletedTask;
            },
        };
    }
}
