using Mesh.Operator.Auth.Rbac;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Mesh.Operator.Auth.Identities;

/// <summary>
/// Configures ASP.NET Core's JWT bearer handler for <c>Mesh:Auth:Oidc</c>: discovery and keys from the
/// issuer (cached, fetched again when a token names a key not yet seen, so rotation needs no restart),
/// audience checked, and the user name and groups taken from the configured claims.
/// </summary>
public static class OidcBearer
{
    /// <summary>
    /// Runs after the handler has made its configuration manager: a key the issuer no longer
    /// publishes must stop validating tokens once the keys are fetched again, so the manager's
    /// "last known good" fallback to earlier key sets is turned off.
    /// </summary>
    public static void ForgetRetiredKeys(JwtBearerOptions options)
    {
        if (options.ConfigurationManager is BaseConfigurationManager manager) manager.UseLastKnownGoodConfiguration = false;
    }

    public static void Configure(JwtBearerOptions options, MeshOidcOptions oidc)
    {
        if (string.IsNullOrWhiteSpace(oidc.Issuer)) return;
        var issuer = new Uri(oidc.Issuer);
        options.Authority = oidc.Issuer;
        options.Audience = oidc.Audience;
        options.RequireHttpsMetadata = !issuer.IsLoopback;
        options.MapInboundClaims = false;
        options.TokenValidationParameters.ValidateIssuer = true;
        options.TokenValidationParameters.ValidateAudience = true;
        options.TokenValidationParameters.RequireExpirationTime = true;
        options.Events = new JwtBearerEvents
        {
            // The token may come from the sign-in form or a session cookie rather than the header.
            OnMessageReceived = context =>
            {
                context.Token = BearerToken.From(context.HttpContext);
                if (context.Token is null) context.NoResult();
                return Task.CompletedTask;
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
