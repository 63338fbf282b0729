using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.Grains.Telemetry;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;
using Mesh.Operator.Kinds.Broker;
using Mesh.Operator.Kinds.Channel;
using Mesh.Operator.Kinds.GitHubSource;
using Mesh.Operator.Kinds.InMemoryChannel;
using Mesh.Operator.Kinds.Parallel;
using Mesh.Operator.Kinds.PingSource;
using Mesh.Operator.Kinds.Sequence;
using Mesh.Operator.Kinds.Subscription;
using Mesh.Operator.Kinds.Trigger;

namespace Mesh.Silo.Topology;

/// <summary>
/// The topology page at <c>/ui</c>: the page and its assets (embedded), and the JSON it polls —
/// the graph of a namespace, every object's counts (the page turns them into rates), and one
/// object's declaration, status and recent failures.
/// </summary>
public static class TopologyEndpoints
{
    public static IServiceCollection AddMeshTopology(this IServiceCollection services)
    {
        services.AddSingleton<TopologyGraph>();
        services.AddSingleton<TopologyAssets>();
        return services;
    }

    public static RouteGroupBuilder MapMeshTopology(this IEndpointRouteBuilder routes)
    {
        var ui = routes.MapGroup("/ui").ExcludeFromDescription();
        ui.MapGet("", (TopologyAssets assets) => assets.Serve("index.html"));
        ui.MapGet("/assets/{file}", (string file, TopologyAssets assets) => assets.Serve(file));
        ui.MapGet("/api/namespaces", async (TopologyGraph graph) => Results.Json(await graph.NamespacesAsync()));
        ui.MapGet("/api/graph", async (string? @namespace, TopologyGraph graph) =>
            Results.Json(await graph.BuildAsync(string.IsNullOrWhiteSpace(@namespace) ? "default" : @namespace)));
        ui.MapGet("/api/stats", async (IGrainFactory grains, TimeProvider time) => Results.Json(new JsonObject
        {
            ["time"] = time.GetUtcNow().ToUnixTimeMilliseconds(),
            ["now"] = time.GetUtcNow().UtcTicks,
            ["objects"] = JsonSerializer.SerializeToNode(await grains.GetGrain<ITelemetryHubGrain>(ITelemetryHubGrain.Key).Stats(), JsonSerializerOptions.Web),
        }));
        ui.MapGet("/api/objects/{plural}/{namespace}/{name}", ObjectAsync);
        return ui;
    }

    private static async Task<IResult> ObjectAsync(string plural, string @namespace, string name, DeclarationStore store, IGrainFactory grains)
    {
        ResourceKind[] kinds = plural switch
        {
            "brokers" => [BrokerKind.Resource],
            "triggers" => [TriggerKind.Resource],
            "subscriptions" => [SubscriptionKind.Resource],
            "channels" => [ChannelKind.Resource, InMemoryChannelKind.Resource],
            "pingsources" => [PingSourceKind.Resource],
            "githubsources" => [GitHubSourceKind.Resource],
            "sequences" => [SequenceKind.Resource],
            "parallels" => [ParallelKind.Resource],
            _ => [],
        };
        foreach (var kind in kinds)
        {
            if (await store.GetAsync(new ObjectKey(kind, @namespace, name)) is not { } declaration) continue;
            var failures = await grains.GetGrain<ITelemetryHubGrain>(ITelemetryHubGrain.Key).Failures($"{plural}/{@namespace}/{name}");
            return Results.Json(new JsonObject
            {
                ["object"] = declaration.ToJson(),
                ["failures"] = JsonSerializer.SerializeToNode(failures.Take(20), JsonSerializerOptions.Web),
                ["tail"] = plural is "brokers" or "channels" or "triggers" or "subscriptions" ? $"/tail/{plural}/{@namespace}/{name}" : null,
            });
        }
        return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: $"{plural}/{@namespace}/{name} does not exist.");
    }
}
