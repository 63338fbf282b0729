namespace Mesh.Bench;

/// <summary>
/// A local OTLP/HTTP receiver for the instrumented benchmark modes: takes trace and metric exports,
/// keeps only their count and size, and answers as a collector does.
/// </summary>
public static class OtlpSink
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        long exports = 0, bytes = 0;
        var app = BenchHost.Create(args);
        app.MapGet("/stats", () => Results.Json(new { exports = Interlocked.Read(ref exports), bytes = Interlocked.Read(ref bytes) }));
        app.MapPost("/v1/{signal}", async (HttpRequest request) =>
        {
            var buffer = new byte[16 * 1024];
            int read;
            long size = 0;
            while ((read = await request.Body.ReadAsync(buffer)) > 0) size += read;
            Interlocked.Increment(ref exports);
            Interlocked.Add(ref bytes, size);
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.RunAsync();
        return 0;
    }
}
