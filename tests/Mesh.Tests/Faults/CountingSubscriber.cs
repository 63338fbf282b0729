using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Mesh.Tests.Faults;

/// <summary>
/// A real HTTP subscriber for load tests: it keeps only how often each CloudEvent id arrived (not
/// the requests, which would weigh hundreds of MiB in a long run) and answers 202 after
/// <see cref="Latency"/>, as a service of that speed would.
/// </summary>
public sealed class CountingSubscriber : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _received = new();
    private long _count;

    private CountingSubscriber(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>How long each answer takes; changed while running to speed the subscriber up.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Requests answered so far, duplicates included.</summary>
    public long Count => Interlocked.Read(ref _count);

    public bool Has(string id) => _received.ContainsKey(id);

    public int Duplicates => _received.Values.Sum(n => n - 1);

    public static async Task<CountingSubscriber> StartAsync(TimeSpan latency)
    {
        var app = LoopbackServer.CreateBuilder().Build();
        var subscriber = new CountingSubscriber(app) { Latency = latency };
        app.Run(subscriber.HandleAsync);
        await app.StartAsync();
        subscriber.Url = new Uri(LoopbackServer.AddressOf(app) + "/");
        return subscriber;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var latency = Latency;
        if (latency > TimeSpan.Zero) await Task.Delay(latency);
        var id = context.Request.Headers["ce-id"].ToString();
        _received.AddOrUpdate(id, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _count);
        context.Response.StatusCode = 202;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
