using System.Globalization;
using System.Text.Json;
using CloudNative.CloudEvents.Core;
using CloudNative.CloudEvents.SystemTextJson;

namespace Mesh.Bench;

/// <summary>
/// The subscriber: counts events and their latency from the sender's <c>benchts</c> extension. With
/// <c>--delay-ms</c> it answers each event that much later, as a slow service would; <c>PUT /delay/{ms}</c>
/// changes that while it runs. With <c>--fail-percent P</c> it answers 503 to P of every 100 requests
/// (every request counts, retries included) and counts only the events it accepted, as R5 needs.
/// </summary>
public static class Sink
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var recorder = new LatencyRecorder();
        var formatter = new JsonEventFormatter();
        var failPercent = (int)args.GetNumber("fail-percent", 0);
        if (failPercent is < 0 or > 100) throw new ArgumentException("--fail-percent must be between 0 and 100.");
        long requests = 0, refused = 0;
        // Distinct ids since the last reset: a redelivered event counts once (R5: every event delivered).
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var app = BenchHost.Create(args);
        var delayMs = (int)args.GetNumber("delay-ms", 0);

        app.MapPut("/delay/{ms:int}", (int ms) =>
        {
            Volatile.Write(ref delayMs, Math.Max(0, ms));
            return Results.NoContent();
        });

        app.MapGet("/stats", () =>
        {
            lock (ids) return recorder.Snapshot() with { Refused = Interlocked.Read(ref refused), Distinct = ids.Count };
        });
        app.MapPost("/reset", () =>
        {
            recorder.Reset();
            Interlocked.Exchange(ref refused, 0);
            lock (ids) ids.Clear();
            return Results.NoContent();
        });
        app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            var arrival = BenchClock.UnixMicros();
            // Spread evenly: of every hundred requests, the first P are refused.
            if (failPercent > 0 && Interlocked.Increment(ref requests) % 100 < failPercent)
            {
                Interlocked.Increment(ref refused);
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
            if (MimeUtilities.IsCloudEventsContentType(request.ContentType))
            {
                try
                {
                    var cloudEvent = await formatter.DecodeStructuredModeMessageAsync(
                        request.Body, MimeUtilities.CreateContentTypeOrNull(request.ContentType), null);
                    recorder.Record(arrival, ParseMicros(cloudEvent[BenchClock.TimestampExtension]?.ToString()));
                    lock (ids) ids.Add(cloudEvent.Id ?? "");
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
                lock (ids) ids.Add(request.Headers["ce-id"].ToString());
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
