using Mesh.Declarations;
using System.Collections.Concurrent;
using System.Text;
using Mesh.Operator.Resources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Tests.Kubernetes;

/// <summary>
/// A Kubernetes API server double on Kestrel at an ephemeral loopback port, speaking the REST and
/// watch protocol for any group and plural: list with resourceVersion, <c>?watch=true</c> streams of
/// newline-delimited events, 410 Gone below the compaction point, the status subresource,
/// finalizers with deletionTimestamp, Leases, and core <c>/api/v1</c> reads and watches (Secrets).
/// The real KubernetesClient talks to it over HTTP.
/// </summary>
public sealed class FakeKubernetesApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private CancellationTokenSource _watches = new();
    private readonly ConcurrentDictionary<string, int> _requests = new();

    private FakeKubernetesApi(WebApplication app) => _app = app;

    public FakeKubernetesObjects Objects { get; } = new();
    public Uri Url { get; private set; } = null!;

    /// <summary>How many list (non-watch), watch or get requests a plural has had.</summary>
    public int Lists(string plural) => _requests.GetValueOrDefault("list " + plural);
    public int Watches(string plural) => _requests.GetValueOrDefault("watch " + plural);
    public int Gets(string plural) => _requests.GetValueOrDefault("get " + plural);

    public static async Task<FakeKubernetesApi> StartAsync()
    {
        var app = LoopbackServer.CreateBuilder().Build();
        var api = new FakeKubernetesApi(app);
        api.Map(app);
        await app.StartAsync();
        api.Url = new Uri(LoopbackServer.AddressOf(app));
        return api;
    }

    /// <summary>Ends every open watch by aborting its connection, as a load balancer or a restarting API server would.</summary>
    public void DropWatches()
    {
        var old = Interlocked.Exchange(ref _watches, new CancellationTokenSource());
        old.Cancel();
    }

    public JsonObject Create(ResourceKind kind, string yaml)
    {
        var obj = DocumentReader.ReadYaml(yaml)[0]!.AsObject();
        return Objects.Create(kind.Group, kind.Plural, obj) ?? throw new InvalidOperationException("exists");
    }

    public JsonObject? Get(ResourceKind kind, string name, string ns = "default") => Objects.Get(kind.Group, kind.Plural, ns, name);

    public JsonObject Update(ResourceKind kind, string name, Action<JsonObject> change, string ns = "default")
    {
        var obj = Get(kind, name, ns)!;
        change(obj);
        return Objects.Replace(kind.Group, kind.Plural, obj, statusOnly: false).Object!;
    }

    public void Delete(ResourceKind kind, string name, string ns = "default") => Objects.Delete(kind.Group, kind.Plural, ns, name);

    private void Map(WebApplication app)
    {
        const string Named = "/apis/{group}/{version}/namespaces/{ns}/{plural}/{name}";
        app.MapGet("/apis/{group}/{version}/{plural}", (HttpContext c, string group, string plural) => ListOrWatch(c, group, plural, null));
        app.MapGet("/apis/{group}/{version}/namespaces/{ns}/{plural}", (HttpContext c, string group, string plural, string ns) => ListOrWatch(c, group, plural, ns));
        app.MapGet(Named, (string group, string plural, string ns, string name) => GetOne(group, plural, ns, name));
        // The core group ("") is served under /api/v1: the operator reads and watches Secrets there.
        app.MapGet("/api/{version}/{plural}", (HttpContext c, string plural) => ListOrWatch(c, "", plural, null));
        app.MapGet("/api/{version}/namespaces/{ns}/{plural}", (HttpContext c, string plural, string ns) => ListOrWatch(c, "", plural, ns));
        app.MapGet("/api/{version}/namespaces/{ns}/{plural}/{name}", (string plural, string ns, string name) => GetOne("", plural, ns, name));
        app.MapPost("/apis/{group}/{version}/namespaces/{ns}/{plural}", async (HttpContext c, string group, string plural, string ns) =>
        {
            var obj = await Body(c);
            obj["metadata"]!["namespace"] ??= ns;
            return Objects.Create(group, plural, obj) is { } created ? Results.Json(created, statusCode: 201) : StatusResult(409, "AlreadyExists", "exists");
        });
        app.MapPut(Named, async (HttpContext c, string group, string plural) => Replaced(Objects.Replace(group, plural, await Body(c), statusOnly: false)));
        app.MapPut(Named + "/status", async (HttpContext c, string group, string plural) => Replaced(Objects.Replace(group, plural, await Body(c), statusOnly: true)));
        app.MapDelete(Named, (string group, string plural, string ns, string name) =>
            Objects.Delete(group, plural, ns, name) is { } o ? Results.Json(o) : StatusResult(404, "NotFound", "not found"));
    }

    private IResult GetOne(string group, string plural, string ns, string name)
    {
        _requests.AddOrUpdate("get " + plural, 1, (_, n) => n + 1);
        return Objects.Get(group, plural, ns, name) is { } o ? Results.Json(o) : StatusResult(404, "NotFound", $"{plural} \"{name}\" not found");
    }

    private async Task ListOrWatch(HttpContext context, string group, string plural, string? ns)
    {
        var query = context.Request.Query;
        long.TryParse(query["resourceVersion"], out var from);
        if (query["watch"] != "true")
        {
            _requests.AddOrUpdate("list " + plural, 1, (_, n) => n + 1);
            var (items, version) = Objects.List(group, plural, ns);
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "List",
                ["metadata"] = new JsonObject { ["resourceVersion"] = version.ToString() },
                ["items"] = new JsonArray([.. items]),
            });
            return;
        }
        _requests.AddOrUpdate("watch " + plural, 1, (_, n) => n + 1);
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync();
        if (from < Objects.CompactedBelow)
        {
            // As the API server does: a 200 stream whose one event is an ERROR carrying 410 Expired.
            await WriteLine(context, new JsonObject { ["type"] = "ERROR", ["object"] = Status(410, "Expired", $"too old resource version: {from}") });
            return;
        }
        using var drop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _watches.Token);
        try
        {
            while (!drop.IsCancellationRequested)
            {
                var (changes, next) = Objects.ChangesAfter(from, group, plural);
                foreach (var change in changes)
                {
                    if (ns is not null && change.Object is { } o && (string?)o["metadata"]!["namespace"] != ns) continue;
                    var obj = change.Object ?? new JsonObject { ["kind"] = "Bookmark", ["metadata"] = new JsonObject { ["resourceVersion"] = change.Version.ToString() } };
                    await WriteLine(context, new JsonObject { ["type"] = change.Type, ["object"] = obj });
                    from = change.Version;
                }
                await next.WaitAsync(drop.Token);
            }
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            context.Abort();
        }
        catch (OperationCanceledException) { }
    }

    private static async Task WriteLine(HttpContext context, JsonObject line)
    {
        await context.Response.WriteAsync(line.ToJsonString() + "\n", Encoding.UTF8);
        await context.Response.Body.FlushAsync();
    }

    private static async Task<JsonObject> Body(HttpContext context) =>
        (await System.Text.Json.JsonSerializer.DeserializeAsync<JsonObject>(context.Request.Body))!;

    private static IResult Replaced((JsonObject? Object, int Status) result) => result.Status switch
    {
        200 => Results.Json(result.Object),
        404 => StatusResult(404, "NotFound", "not found"),
        _ => StatusResult(409, "Conflict", "the object has been modified; please apply your changes to the latest version and try again"),
    };

    private static IResult StatusResult(int code, string reason, string message) => Results.Json(Status(code, reason, message), statusCode: code);

    private static JsonObject Status(int code, string reason, string message) => new()
    {
        ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(),
        ["status"] = "Failure", ["message"] = message, ["reason"] = reason, ["code"] = code,
    };

    public async ValueTask DisposeAsync()
    {
        DropWatches();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
