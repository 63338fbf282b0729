using System.Text.Json.Nodes;
using System.Threading.Channels;
using Mesh.Gateway.Ingress;
using Mesh.Grains.Tail;
using Mesh.Grains.Telemetry;
using Orleans.Streams;

namespace Mesh.Gateway.Tail;

/// <summary>
/// <c>GET /tail/{plural}/{namespace}/{name}</c>: a live tail as server-sent events. The tail is an
/// explicit subscription to the object's Orleans stream, and a tap the hub announces to every silo
/// so that they publish to it; both end when the client goes away.
/// </summary>
public static class TailEndpoints
{
    public static readonly string[] Plurals = ["brokers", "channels", "triggers", "subscriptions"];

    /// <summary>How long a tap lives without renewal (a tail whose silo died lets it lapse).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    /// <summary>Records waiting to be written to one slow client, at most; beyond it they are skipped and counted.</summary>
    public const int Buffer = 4096;

    public static RouteHandlerBuilder MapTail(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/tail/{plural}/{namespace}/{name}", TailAsync).WithName("Tail");

    private static async Task TailAsync(
        string plural, string @namespace, string name, HttpContext context,
        ITailTargets targets, IClusterClient client, TimeProvider time)
    {
        var aborted = context.RequestAborted;
        if (!Plurals.Contains(plural))
        {
            await new IngressProblem(StatusCodes.Status404NotFound, "Not found.",
                $"There is no tail for '{plural}'; tail brokers, channels, triggers or subscriptions.").ToResult().ExecuteAsync(context);
            return;
        }
        var (filter, error) = TailFilter.Parse(context.Request.Query["filter"]);
        if (filter is null)
        {
            await IngressProblem.Invalid(error!).ToResult().ExecuteAsync(context);
            return;
        }
        if (!await targets.ExistsAsync(plural, @namespace, name, aborted))
        {
            await new IngressProblem(StatusCodes.Status404NotFound, "Not found.", $"{plural}/{@namespace}/{name} does not exist.").ToResult().ExecuteAsync(context);
            return;
        }

        var key = $"{plural}/{@namespace}/{name}";
        var records = Channel.CreateBounded<TailRecord>(new BoundedChannelOptions(Buffer) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        long skipped = 0;
        var stream = client.GetStreamProvider(TailStreams.ProviderName).GetStream<TailRecord[]>(TailStreams.For(key));
        var subscription = await stream.SubscribeAsync((batch, _) =>
        {
            foreach (var record in batch)
                if (!records.Writer.TryWrite(record)) Interlocked.Increment(ref skipped);
            return Task.CompletedTask;
        });
        var hub = client.GetGrain<ITelemetryHubGrain>(ITelemetryHubGrain.Key);
        var tail = Guid.NewGuid();
        try
        {
            await hub.OpenTap(key, tail, Lease);
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.Headers["X-Accel-Buffering"] = "no";
            await WriteAsync(context, TailMessage.Ready(key));
            await StreamAsync(context, records.Reader, filter, () => Interlocked.Exchange(ref skipped, 0), key, hub, tail, time);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
        }
        finally
        {
            await subscription.UnsubscribeAsync();
            await hub.CloseTap(key, tail);
        }
    }

    private static async Task StreamAsync(
        HttpContext context, ChannelReader<TailRecord> records, TailFilter filter, Func<long> takeSkipped,
        string key, ITelemetryHubGrain hub, Guid tail, TimeProvider time)
    {
        var aborted = context.RequestAborted;
        var renewAt = time.GetUtcNow() + RenewEvery;
        var sequencer = new TailSequencer();
        var ready = new List<TailRecord>();
        while (!aborted.IsCancellationRequested)
        {
            // Wake for the heartbeat, or sooner when a held outcome is due to be shown without its event.
            var idle = sequencer.NextDue is { } due ? Clamp(due - time.GetUtcNow()) : Heartbeat;
            using var heartbeat = new CancellationTokenSource(idle, time);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted, heartbeat.Token);
            bool more;
            try
            {
                more = await records.WaitToReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
            {
                more = false;
            }
            while (records.TryRead(out var record)) sequencer.Admit(record, time.GetUtcNow(), ready);
            sequencer.Release(time.GetUtcNow(), ready);
            foreach (var record in ready)
                if (filter.Shows(record)) await WriteAsync(context, TailMessage.From(record), flush: false);
            more |= ready.Count > 0;
            ready.Clear();
            if (takeSkipped() is var skipped and > 0)
                await WriteAsync(context, new JsonObject { ["kind"] = TailRecord.Kinds.Skipped, ["object"] = key, ["count"] = skipped }, flush: false);
            if (!more) await context.Response.WriteAsync(": keep-alive\n\n", aborted);
            await context.Response.Body.FlushAsync(aborted);
            if (time.GetUtcNow() < renewAt) continue;
            await hub.OpenTap(key, tail, Lease);
            renewAt = time.GetUtcNow() + RenewEvery;
        }
    }

    private static TimeSpan Clamp(TimeSpan wait) =>
        wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait > Heartbeat ? Heartbeat : wait;

    private static async Task WriteAsync(HttpContext context, JsonObject message, bool flush = true)
    {
        await context.Response.WriteAsync($"data: {message.ToJsonString()}\n\n", context.RequestAborted);
        if (flush) await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
