using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Tests.Infrastructure;

/// <summary>A request a subscriber received: method, headers (lower-case names) and body bytes.</summary>
public sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset At)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;
    public string? Ce(string attribute) => Header("ce-" + attribute);
}

/// <summary>
/// A real HTTP subscriber on Kestrel at an ephemeral loopback port. It records every request and
/// answers as <see cref="Respond"/> says (202 by default).
/// </summary>
public sealed class RecordingSubscriber : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();

    private RecordingSubscriber(WebApplication app) => _app = app;

    /// <summary>Decides the answer to each request; may write headers and a body and return the status.</summary>
    public Func<ReceivedRequest, HttpResponse, Task<int>> Respond { get; set; } = (_, _) => Task.FromResult(202);

    public Uri Url { get; private set; } = null!;
    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    /// <param name="port">0 for an ephemeral port; a fixed one to bring a subscriber back at the address a trigger already has.</param>
    /// <param name="certificate">Serve HTTPS with this certificate (and its key) instead of HTTP.</param>
    public static async Task<RecordingSubscriber> StartAsync(int port = 0, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var builder = LoopbackServer.CreateBuilder(port);
        if (certificate is not null)
            builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port, l => l.UseHttps(certificate)));
        var app = builder.Build();
        var subscriber = new RecordingSubscriber(app);
        app.Run(subscriber.HandleAsync);
        await app.StartAsync();
        subscriber.Url = new Uri(LoopbackServer.AddressOf(app) + "/");
        return subscriber;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        var request = new ReceivedRequest(context.Request.Path + context.Request.QueryString, headers, body.ToArray(), DateTimeOffset.UtcNow);
        _received.Enqueue(request);
        var status = await Respond(request, context.Response);
        // A responder that writes a body (a reply event) has already sent its status line.
        if (!context.Response.HasStarted) context.Response.StatusCode = status;
    }

    public Task WaitForCountAsync(int count, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(() => _received.Count >= count, $"{count} request(s) at {Url}", () => $"{_received.Count} received", timeout);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
