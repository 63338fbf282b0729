using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Mesh.Operator.Api;
using Mesh.Operator.Kinds;
using Mesh.Operator.Store;

namespace Mesh.Operator.Watch;

/// <summary>
/// A watch answered as the API server answers it: a chunked stream of JSON lines
/// <c>{"type":"ADDED|MODIFIED|DELETED","object":{…}}</c>, each object as the API presents it (a
/// Secret's values redacted). Without a version the current objects come first as ADDED; a version
/// older than the writes kept gets one ERROR event with a 410 Status. The stream ends when the client
/// goes, when <c>timeoutSeconds</c> pass, or when the watcher falls too far behind.
/// </summary>
public sealed class WatchStream(IKindDefinition kind, string? @namespace, WatchQuery query) : IResult
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public async Task ExecuteAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var hub = services.GetRequiredService<ResourceWatchHub>();
        var store = services.GetRequiredService<DeclarationStore>();
        var time = services.GetRequiredService<TimeProvider>();
        using var timeout = query.Timeout is { } after ? new CancellationTokenSource(after, time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, timeout.Token);
        var cancellation = linked.Token;

        WatchSubscription? subscription;
        try
        {
            subscription = hub.Subscribe(kind.Kind, @namespace, query.ResourceVersion);
        }
        catch (WatchLimitException full)
        {
            context.Response.Headers.RetryAfter = "1";
            await ResourceProblems.TooManyRequests(full.Message).ExecuteAsync(context);
            return;
        }
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-cache";
        using var subscribed = subscription;
        try
        {
            if (subscription is null)
            {
                await WriteAsync(response, TooOld(query.ResourceVersion!.Value, hub.CurrentVersion), cancellation);
                return;
            }
            // Subscribed before listing, so a write during the list is not missed; one already in the
            // list is not told twice.
            var listed = new Dictionary<(string, string), long>();
            if (query.ResourceVersion is null)
            {
                foreach (var declaration in await store.ListAsync(kind.Kind, @namespace))
                {
                    listed[(declaration.Namespace, declaration.Name)] = declaration.ResourceVersion;
                    await WriteAsync(response, Event("ADDED", kind.Present(declaration)), cancellation);
                }
            }
            await response.Body.FlushAsync(cancellation);
            await foreach (var change in subscription.Events.ReadAllAsync(cancellation))
            {
                if (listed.TryGetValue((change.Key.Namespace, change.Key.Name), out var seen) && change.ResourceVersion <= seen) continue;
                var declaration = DeclarationStore.ToDeclaration(kind.Kind, change.Record);
                await WriteAsync(response, Event(change.WireType, kind.Present(declaration)), cancellation);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The client went, or timeoutSeconds passed: the stream simply ends.
        }
    }

    private static JsonObject Event(string type, JsonObject obj) => new() { ["type"] = type, ["object"] = obj };

    /// <summary>The ERROR event the API server sends for a version its cache no longer holds.</summary>
    private static JsonObject TooOld(long asked, long current) => Event("ERROR", new JsonObject
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = string.Create(CultureInfo.InvariantCulture, $"too old resource version: {asked} ({current})"),
        ["reason"] = "Expired",
        ["code"] = StatusCodes.Status410Gone,
    });

    private static async Task WriteAsync(HttpResponse response, JsonObject line, CancellationToken cancellation)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(line.ToJsonString()), cancellation);
        await response.Body.WriteAsync(NewLine, cancellation);
        await response.Body.FlushAsync(cancellation);
    }
}
