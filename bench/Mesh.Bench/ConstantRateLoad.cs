using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Mesh.Bench;

/// <summary>
/// Sends realistic binary CloudEvents at a fixed rate (what wrk2 would do) and prints a JSON summary.
/// Each event's <c>benchts</c> is its scheduled send time, not the actual one, so a stalled
/// sender or server shows up as latency instead of silently lowering the rate.
/// </summary>
public static class ConstantRateLoad
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    // The senders mode: a bearer token for the broker's audience.
    private static readonly string? Token = Environment.GetEnvironmentVariable("BENCH_TOKEN");

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var target = new Uri(args.Require("target"));
        var rate = args.GetNumber("rate", 1000);
        var duration = TimeSpan.FromSeconds(args.GetNumber("duration", 10));
        var total = (long)(rate * duration.TotalSeconds);
        // The realistic event of bench/wrk/event.lua: what producers send, not a minimal one.
        var body = Encoding.UTF8.GetBytes("""{"orderId":"order-42","customer":"c-1337","total":129.95,"currency":"EUR","items":3,"express":false}""");

        using var client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = (int)args.GetNumber("connections", 64),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        { Timeout = TimeSpan.FromSeconds(10) };

        var responses = new LatencyRecorder((int)Math.Min(total, 1 << 23));
        long failed = 0;

        async Task SendAsync(long seq, long scheduledMicros)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = Json;
            if (Token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            request.Headers.Add("ce-specversion", "1.0");
            request.Headers.Add("ce-type", "dev.mesh.bench");
            request.Headers.Add("ce-source", "https://shop.example.com/orders");
            request.Headers.Add("ce-subject", "order-42");
            request.Headers.Add("ce-time", "2026-11-27T10:15:30.123Z");
            request.Headers.Add("ce-id", seq.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(BenchClock.TimestampHeader, scheduledMicros.ToString(CultureInfo.InvariantCulture));
            try
            {
                using var response = await client.SendAsync(request);
                if (response.IsSuccessStatusCode)
                {
                    responses.Record(BenchClock.UnixMicros(), scheduledMicros);
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Counted below, like a non-2xx answer.
            }
            Interlocked.Increment(ref failed);
        }

        async Task<double> SendPhaseAsync(long firstSeq, long count)
        {
            var inFlight = new List<Task>();
            var startMicros = BenchClock.UnixMicros();
            var clock = Stopwatch.StartNew();
            for (long next = 0; next < count;)
            {
                var due = Math.Min(count, (long)(clock.Elapsed.TotalSeconds * rate) + 1);
                for (; next < due; next++)
                {
                    inFlight.Add(SendAsync(firstSeq + next, startMicros + (long)(next * 1e6 / rate)));
                }
                // Timer granularity is about 1 ms: at higher rates each turn sends the few events now due.
                await Task.Delay(1);
            }
            var seconds = clock.Elapsed.TotalSeconds;
            await Task.WhenAll(inFlight).WaitAsync(TimeSpan.FromSeconds(30));
            return seconds;
        }

        // The warm-up JIT-compiles both ends and fills the connection pools; then the sink and our
        // own recorder start from zero, so only the measured phase is reported.
        var warmup = (long)(rate * args.GetNumber("warmup", 0));
        if (warmup > 0)
        {
            await SendPhaseAsync(0, warmup);
            if (args.Get("reset", "") is { Length: > 0 } reset)
            {
                using var _ = await client.PostAsync(reset, null);
            }
            responses.Reset();
            Interlocked.Exchange(ref failed, 0);
        }
        var sendSeconds = await SendPhaseAsync(warmup, total);

        var stats = responses.Snapshot();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            sent = total,
            ok = stats.Count,
            failed = Interlocked.Read(ref failed),
            sendRatePerSecond = total / sendSeconds,
            responseP50Ms = stats.P50Ms,
            responseP99Ms = stats.P99Ms,
            responseMaxMs = stats.MaxMs,
        }));
        return failed == 0 ? 0 : 1;
    }
}
