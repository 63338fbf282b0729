using System.Globalization;
using System.Text.Json;
using CloudNative.CloudEvents.Core;
using CloudNative.CloudEvents.SystemTextJson;

namespace Mesh.Bench;

/// <summary>
/// The subscriber: counts events and their latency from the sender's <c>benchts</c> extension. With
/// <c>--delay-ms</c> it answers each event that much later, as a slow service would; <c>PUT /delay/{ms}</c>
/// changes that while it runs.
/// </summary>
public static class Sink
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var recorder = new LatencyRecorder();
        var formatter = new JsonEventFormatter();
        var app = BenchHost.Create(args);
        var delayMs = (int)args.GetNumber("delay-ms", 0);

        app.MapPut("/delay/{ms:int}", (int ms) =>
        {
            Volatile.Write(ref delayMs, Math.Max(0, ms));
            return Results.NoContent();
        });

        app.MapGet("/stats", () => recorder.Snapshot());
        app.MapPost("/reset", () =>
        {
            recorder.Reset();
            return Results.NoContent();
        });
        app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            var arrival = BenchClock.UnixMicros();
            if (MimeUtilities.IsCloudEventsContentType(request.ContentType))
            {
                try
                {
                    var cloudEvent = await formatter.DecodeStructuredModeMessageAsync(
                        request.Body, MimeUtilities.CreateContentTypeOrNull(request.ContentType), null);
                    recorder.Record(arrival, ParseMicros(cloudEvent[BenchClock.TimestampExtension]?.ToString()));
                }
                catch (Exception e) when (e is ArgumentException or JsonException or FormatException)
                {
                    return Results.BadRequest();
                }
            }
            else
            {
                // Binary mode, as the mesh and the forwarder deliver: the header is enough.
                recorder.Record(arrival, ParseMicros(request.Headers[BenchClock.TimestampHeader].FirstOrDefault()));
            }
            if (Volatile.Read(ref delayMs) is > 0 and var delay) await Task.Delay(delay);
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });

        await app.RunAsync();
        return 0;
    }

    private static long? ParseMicros(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var micros) ? micros : null;
}
