using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Tests.Grains.Identity;

/// <summary>
/// A subscriber that trusts one OIDC issuer through the real JwtBearer handler: it fetches the
/// issuer's discovery document and JWKS, answers 401 to a request without a valid token for its
/// audience, and records the claims of the requests it accepted.
/// </summary>
public sealed class JwtSubscriber : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, Dictionary<string, string> Claims, string Token)> _accepted = new();

    private JwtSubscriber(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;
    public IReadOnlyList<(string Path, Dictionary<string, string> Claims, string Token)> Accepted => [.. _accepted];

    public static async Task<JwtSubscriber> StartAsync(string issuer, string audience)
    {
        var builder = LoopbackServer.CreateBuilder();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.Authority = issuer;
            o.Audience = audience;
            o.RequireHttpsMetadata = false;
            o.MapInboundClaims = false;
        });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        var subscriber = new JwtSubscriber(app);
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapPost("/{**path}", (HttpContext context) =>
        {
            var claims = context.User.Claims.GroupBy(c => c.Type).ToDictionary(g => g.Key, g => g.First().Value);
            var token = context.Request.Headers.Authorization.ToString()["Bearer ".Length..];
            subscriber._accepted.Enqueue((context.Request.Path, claims, token));
            return Results.Accepted();
        }).RequireAuthorization();
        await app.StartAsync();
        subscriber.Url = new Uri(LoopbackServer.AddressOf(app) + "/");
        return subscriber;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
