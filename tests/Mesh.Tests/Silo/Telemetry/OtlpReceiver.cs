using System.Collections.Concurrent;
using Mesh.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Mesh.Tests.Silo.Telemetry;

/// <summary>
/// A real OTLP trace receiver on Kestrel: OTLP/HTTP (<c>POST /v1/traces</c>, protobuf) and, on a
/// second cleartext HTTP/2 port, OTLP/gRPC (<c>TraceService/Export</c>). It keeps every span it got.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ExportedSpan> _spans = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public Uri HttpEndpoint { get; private set; } = null!;
    public Uri GrpcEndpoint { get; private set; } = null!;
    public IReadOnlyList<ExportedSpan> Spans => [.. _spans];

    public static async Task<OtlpReceiver> StartAsync()
    {
        int httpPort = FreePort.Next(), grpcPort = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder(TestHostArguments.NoConfigReload);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.ListenLocalhost(httpPort, o => o.Protocols = HttpProtocols.Http1);
            k.ListenLocalhost(grpcPort, o => o.Protocols = HttpProtocols.Http2);
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", async context =>
        {
            receiver.Keep(await BodyAsync(context));
            context.Response.ContentType = "application/x-protobuf";
        });
        app.MapPost("/opentelemetry.proto.collector.trace.v1.TraceService/Export", async context =>
        {
            // gRPC framing: a compressed flag and a big-endian length before the message.
            var framed = await BodyAsync(context);
            receiver.Keep(framed.AsMemory(5));
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(new byte[5]);
            context.Response.AppendTrailer("grpc-status", "0");
        });
        await app.StartAsync();
        receiver.HttpEndpoint = new Uri($"http://localhost:{httpPort}");
        receiver.GrpcEndpoint = new Uri($"http://localhost:{grpcPort}");
        return receiver;
    }

    public async Task<IReadOnlyList<ExportedSpan>> WaitForTraceAsync(string traceId, Func<IReadOnlyList<ExportedSpan>, bool> complete, string what)
    {
        await Eventually.TrueAsync(() => complete(Trace(traceId)), what,
            () => string.Join("; ", Trace(traceId).Select(s => $"{s.Service}:{s.Name} {s.SpanId}<-{s.ParentSpanId}")), TimeSpan.FromSeconds(30));
        return Trace(traceId);
    }

    public IReadOnlyList<ExportedSpan> Trace(string traceId) => [.. _spans.Where(s => s.TraceId == traceId)];

    private void Keep(ReadOnlyMemory<byte> request)
    {
        foreach (var span in ExportedSpan.Read(request)) _spans.Enqueue(span);
    }

    private static async Task<byte[]> BodyAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        return body.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
