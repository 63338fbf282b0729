using System.Text;
using System.Text.Json;
using Mesh.Gateway.Ingress;
using Mesh.Grains.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Mesh.Tests.Gateway.Ingress.DirectReading;

/// <summary>
/// Real Kestrel on loopback that reads each request twice, with the direct readers and with the SDK
/// alone, and answers both results as text: the verdict (status and problem, or every attribute and
/// the data) and whether the direct reader took the request.
/// </summary>
public sealed class DirectReadingServer : IAsyncDisposable
{
    public const string Path = "/compare";
    private const long MaxBytes = 1 << 20;

    private readonly WebApplication _app;

    private DirectReadingServer(WebApplication app, int port) => (_app, Port) = (app, port);

    public int Port { get; }

    public static async Task<DirectReadingServer> StartAsync()
    {
        var app = LoopbackServer.CreateBuilder().Build();
        var direct = new CloudEventRequestReader(direct: true);
        var oracle = new CloudEventRequestReader(direct: false);
        app.MapPost(Path, async (HttpRequest request) =>
        {
            request.EnableBuffering();
            var (events, problem, took) = await direct.ReadAndSayHowAsync(request, MaxBytes, request.HttpContext.RequestAborted);
            request.Body.Position = 0;
            var (expectedEvents, expectedProblem) = await oracle.ReadAsync(request, MaxBytes, request.HttpContext.RequestAborted);
            // A body of known length (not chunked), so that the test's plain socket reads it as it is.
            var comparison = new Comparison(Verdict(events, problem), Verdict(expectedEvents, expectedProblem), took);
            return Results.Bytes(JsonSerializer.SerializeToUtf8Bytes(comparison, JsonSerializerOptions.Web), "application/json");
        });
        await app.StartAsync();
        return new DirectReadingServer(app, new Uri(LoopbackServer.AddressOf(app)).Port);
    }

    /// <summary>Everything a reading decides, in one string: equal strings mean the same decision.</summary>
    private static string Verdict(IReadOnlyList<EventEnvelope>? events, IngressProblem? problem)
    {
        if (problem is not null) return $"refused {problem.Status} {problem.Attribute} {problem.Title} {problem.Detail}";
        var text = new StringBuilder("accepted");
        foreach (var e in events!)
        {
            foreach (var (name, value) in e.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal)) text.Append($"\n{name}={value}");
            text.Append("\ndata=").Append(Convert.ToBase64String(e.Data));
        }
        return text.ToString();
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    public sealed record Comparison(string Direct, string Sdk, bool TookDirect);
}
