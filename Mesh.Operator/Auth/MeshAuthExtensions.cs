using Mesh.Operator.Auth.Access;
using Mesh.Operator.Auth.Identities;
using Mesh.Operator.Auth.Rbac;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mesh.Grains.Identity;

namespace Mesh.Operator.Auth;

public static class MeshAuthExtensions
{
    /// <summary>The resource API's rule: what each request asks (see <see cref="RequestInfoResolver"/>) must be allowed.</summary>
    public static AuthorizationPolicy ResourceApiPolicy { get; } = MeshAccessRequirement.Policy(context => [RequestInfoResolver.Resolve(context.Request)]);

    /// <summary>
    /// Registers the control plane's identities (<c>Mesh:Auth</c>: token file, OIDC, session cookie)
    /// and its authorization (RBAC over the four RBAC kinds, which the caller registers as kinds).
    /// </summary>
    public static IServiceCollection AddMeshAuth(this IServiceCollection services)
    {
        services.AddOptions<MeshAuthOptions>().BindConfiguration(MeshAuthOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MeshAuthOptions>, MeshAuthOptionsValidator>();
        services.AddSingleton<StaticTokenFile>();
        services.AddSingleton<BearerAuthentication>();
        services.AddSingleton<RbacPolicy>();
        services.AddSingleton<RbacWriteGuards>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, MeshAuthenticationHandler>(MeshAuthentication.Scheme, null)
            .AddScheme<AuthenticationSchemeOptions, TokenFileAuthenticationHandler>(MeshAuthentication.TokenFileScheme, null)
            .AddJwtBearer(MeshAuthentication.OidcScheme, _ => { })
            .AddCookie(MeshAuthentication.CookieScheme, ConfigureSession);
        services.AddOptions<JwtBearerOptions>(MeshAuthentication.OidcScheme)
            .Configure<IOptions<MeshAuthOptions>, TimeProvider, ILogger<IssuerKeys>>((jwt, auth, time, logger) => OidcBearer.Configure(jwt, auth.Value.Oidc, time, logger));
        services.AddAuthorization();
        services.AddSingleton<IAuthorizationHandler, MeshAccessHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, MeshAuthorizationResultHandler>();
        return services;
    }

    private static void ConfigureSession(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = MeshAuthentication.CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
        options.SlidingExpiration = false;
        options.LoginPath = LoginEndpoints.Path;
        // The token behind the session is checked again on every request, so that a token revoked
        // from the file, or expired at its issuer, ends the session too.
        options.Events.OnValidatePrincipal = async context =>
        {
            var token = context.Properties.GetTokenValue(MeshAuthentication.SessionTokenName);
            var bearer = context.HttpContext.RequestServices.GetRequiredService<BearerAuthentication>();
            if (token is not null && await bearer.AuthenticateAsync(context.HttpContext, token) is { } principal)
            {
                context.ReplacePrincipal(principal);
                return;
            }
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(MeshAuthentication.CookieScheme);
        };
    }
}
