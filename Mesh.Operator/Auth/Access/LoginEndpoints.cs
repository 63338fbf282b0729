using System.Text.Encodings.Web;
using Mesh.Operator.Auth.Identities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Auth.Access;

/// <summary>
/// Browser sign-in for the pages that watch the mesh: <c>GET /login</c> shows a token form,
/// <c>POST /login</c> checks the token as a bearer token would be checked and sets the session
/// cookie (HttpOnly, SameSite=Strict, encrypted with Data Protection), <c>POST /logout</c> clears it.
/// </summary>
public static class LoginEndpoints
{
    public const string Path = "/login";

    public static IEndpointRouteBuilder MapMeshLogin(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, (HttpContext context, IOptions<MeshAuthOptions> options, string? then) =>
            options.Value.RequiresIdentity ? Form(then, failed: false) : Results.Redirect(LocalPath(then)))
            .WithMetadata(MeshWatcherMetadata.Instance);
        routes.MapPost(Path, SignInAsync).WithMetadata(MeshWatcherMetadata.Instance).DisableAntiforgery();
        routes.MapPost("/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(MeshAuthentication.CookieScheme);
            return Results.Redirect(Path);
        }).WithMetadata(MeshWatcherMetadata.Instance).DisableAntiforgery();
        return routes;
    }

    /// <summary>A page load (not a script's request), which should be sent to the sign-in form rather than answered 401.</summary>
    public static bool IsBrowserNavigation(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    public static string PathFor(HttpRequest request) =>
        $"{Path}?then={Uri.EscapeDataString(request.PathBase + request.Path + request.QueryString)}";

    private static async Task<IResult> SignInAsync(HttpContext context, BearerAuthentication bearer)
    {
        // A form posted from another site must not sign this browser in (login CSRF).
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && (!Uri.TryCreate(origin, UriKind.Absolute, out var from) || from.Authority != context.Request.Host.Value))
            return Results.Problem(title: "Forbidden.", statusCode: StatusCodes.Status403Forbidden, detail: "sign-in is accepted from this mesh's own pages only");
        if (!context.Request.HasFormContentType) return Form(null, failed: true);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var then = form["then"].ToString();
        if (form["token"].ToString().Trim() is not { Length: > 0 } token || await bearer.AuthenticateAsync(context, token) is not { } principal)
            return Form(then, failed: true);
        var properties = new AuthenticationProperties { IsPersistent = false };
        properties.StoreTokens([new AuthenticationToken { Name = MeshAuthentication.SessionTokenName, Value = token }]);
        await context.SignInAsync(MeshAuthentication.CookieScheme, principal, properties);
        return Results.Redirect(LocalPath(then));
    }

    // Only paths of this site, so that the form cannot be used to send someone elsewhere.
    private static string LocalPath(string? then) =>
        then is { Length: > 0 } && then[0] == '/' && !then.StartsWith("//", StringComparison.Ordinal) && !then.StartsWith("/\\", StringComparison.Ordinal)
            ? then
            : "/";

    private static IResult Form(string? then, bool failed)
    {
        var encoder = HtmlEncoder.Default;
        var message = failed ? "<p role=\"alert\">The token was not accepted.</p>" : "";
        var html = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Sign in to the mesh</title></head>
            <body>
            <h1>Sign in to the mesh</h1>
            {message}
            <form method="post" action="{Path}">
            <label for="token">Token</label>
            <input id="token" name="token" type="password" autocomplete="off" required>
            <input type="hidden" name="then" value="{encoder.Encode(LocalPath(then))}">
            <button type="submit">Sign in</button>
            </form>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: failed ? StatusCodes.Status401Unauthorized : StatusCodes.Status200OK);
    }
}
