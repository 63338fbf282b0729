using Mesh.Cli.Client;
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mesh.Tests.Cli;

/// <summary>
/// A real Kestrel server speaking the resource API contract (docs/resource-api.md) from a dictionary,
/// plus an event sink, so the CLI is tested over real HTTP before the real server exists.
/// </summary>
internal sealed class FakeMeshServer : IAsyncDisposable
{
    public static readonly DateTimeOffset Created = new(2026, 11, 26, 23, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, JsonArray> Groups = new()
    {
        ["eventing.knative.dev/v1"] = [Resource("brokers", "Broker", addressable: true), Resource("triggers", "Trigger")],
        ["messaging.knative.dev/v1"] = [Resource("channels", "Channel", addressable: true, "ch"), Resource("subscriptions", "Subscription", addressable: false, "sub")],
    };

    private readonly WebApplication app;

    private FakeMeshServer(WebApplication app) => this.app = app;

    public Uri Address => new(app.Urls.First());

    /// <summary>Objects by <c>{plural}/{namespace}/{name}</c>.</summary>
    public ConcurrentDictionary<string, JsonObject> Objects { get; } = new();

    public ConcurrentQueue<(string Path, JsonNode Body)> Puts { get; } = new();

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public static async Task<FakeMeshServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(TestHostArguments.NoConfigReload);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var server = new FakeMeshServer(app);
        server.Map(app);
        await app.StartAsync();
        return server;
    }

    public void Seed(string plural, JsonObject resource) =>
        Objects[Key(plural, resource.At("metadata", "namespace").Str() ?? "default", resource.At("metadata", "name").Str()!)] = resource;

    private void Map(WebApplication app)
    {
        app.MapGet("/apis", () => Results.Json(new JsonObject
        {
            ["kind"] = "APIGroupList",
            ["groups"] = new JsonArray(Groups.Keys.Select(gv => (JsonNode)new JsonObject
            {
                ["name"] = gv.Split('/')[0],
                ["versions"] = new JsonArray(new JsonObject { ["groupVersion"] = gv, ["version"] = "v1" }),
                ["preferredVersion"] = new JsonObject { ["groupVersion"] = gv, ["version"] = "v1" },
            }).ToArray()),
        }));
        app.MapGet("/api/v1", () => Results.Json(new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["groupVersion"] = "v1",
            ["resources"] = new JsonArray(Resource("secrets", "Secret")),
        }));
        app.MapGet("/apis/{group}/{version}", (string group, string version) =>
            Groups.TryGetValue($"{group}/{version}", out var resources)
                ? Results.Json(new JsonObject { ["kind"] = "APIResourceList", ["groupVersion"] = $"{group}/{version}", ["resources"] = resources.DeepClone() })
                : Problem(404, "not served"));
        var store = new FakeStore(this);
        foreach (var root in new[] { "/apis/{group}/{version}", "/api/{version}" })
        {
            app.MapPut(root + "/namespaces/{ns}/{plural}/{name}", store.PutAsync);
            app.MapGet(root + "/namespaces/{ns}/{plural}/{name}", store.Get);
            app.MapDelete(root + "/namespaces/{ns}/{plural}/{name}", store.Delete);
            app.MapGet(root + "/namespaces/{ns}/{plural}", store.List);
            app.MapGet(root + "/{plural}", (string plural) => store.List(null, plural));
        }
        app.MapPost("/sink", async (HttpRequest request) => { await Record(request); return Results.Accepted(); });
        app.MapPost("/reject", async (HttpRequest request) =>
        {
            await Record(request);
            return Problem(400, "ce-type: the broker only accepts dev.mesh.* types", "type", "must start with dev.mesh.");
        });
    }

    private async Task Record(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        Received.Enqueue(new ReceivedRequest(
            request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), body.ToArray()));
    }

    internal static string Key(string plural, string ns, string name) => $"{plural}/{ns}/{name}";

    internal static IResult Problem(int status, string detail, string? field = null, string? message = null) =>
        Results.Json(new JsonObject
        {
            ["type"] = "https://mesh.dev/problems/invalid-resource",
            ["title"] = "The resource is invalid.",
            ["status"] = status,
            ["detail"] = detail,
            ["errors"] = field is null ? new JsonArray() : new JsonArray(new JsonObject { ["field"] = field, ["message"] = message }),
        }, contentType: "application/problem+json", statusCode: status);

    private static JsonObject Resource(string plural, string kind, bool addressable = false, params string[] shortNames) => new()
    {
        ["name"] = plural,
        ["singularName"] = kind.ToLowerInvariant(),
        ["namespaced"] = true,
        ["kind"] = kind,
        ["shortNames"] = new JsonArray(shortNames.Select(s => (JsonNode)s).ToArray()),
        ["categories"] = addressable ? new JsonArray("all", "addressable") : new JsonArray("all"),
    };

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

internal sealed record ReceivedRequest(IReadOnlyDictionary<string, string> Headers, byte[] Body);
