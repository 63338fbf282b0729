using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Tests.Operator.Controller;

public sealed class RestartTests : IAsyncLifetime
{
    private MeshHost _mesh = null!;
    private RecordingSubscriber _subscriber = null!;

    public async Task InitializeAsync()
    {
        _mesh = await MeshHost.StartAsync();
        _subscriber = await RecordingSubscriber.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _subscriber.DisposeAsync();
        await _mesh.DisposeAsync();
    }

    [Fact]
    public async Task Declarations_generation_and_status_survive_a_restart_and_routing_resumes()
    {
        const string ns = "restart";
        await _mesh.MustApplyAsync("""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: default, namespace: restart }
            spec: { delivery: { retry: 1 } }
            """);
        await _mesh.MustApplyAsync("""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: default, namespace: restart }
            spec: { delivery: { retry: 2 } }
            """);
        await _mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: t, namespace: restart }
            spec:
              broker: default
              subscriber: { uri: "{{_subscriber.Url}}" }
            """);
        var before = await _mesh.WaitReadyAsync(Resource.Trigger(ns, "t"));
        var brokerBefore = await _mesh.WaitReadyAsync(Resource.Broker(ns, "default"));

        await _mesh.RestartAsync();

        var broker = await _mesh.WaitReadyAsync(Resource.Broker(ns, "default"));
        ((long)broker["metadata"]!["generation"]!).ShouldBe(2);
        ((string?)broker["metadata"]!["uid"]).ShouldBe((string?)brokerBefore["metadata"]!["uid"]);
        ((long)broker["status"]!["observedGeneration"]!).ShouldBe(2);
        var trigger = await _mesh.WaitReadyAsync(Resource.Trigger(ns, "t"));
        ((string?)trigger["status"]!["subscriberUri"]).ShouldBe((string?)before["status"]!["subscriberUri"]);
        (await _mesh.SendEventAsync(ns, "default", "after-restart")).ShouldBe(202);
        await Eventually.TrueAsync(() => _subscriber.Received.Any(r => r.Ce("id") == "after-restart"), "the event sent after the restart at the subscriber");
    }

    [Fact]
    public async Task A_restart_rewrites_no_state_that_did_not_change()
    {
        const string ns = "restart-quiet";
        await _mesh.MustApplyAsync("""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: default, namespace: restart-quiet }
            spec: { delivery: { retry: 3, backoffPolicy: linear, backoffDelay: PT0.2S } }
            """);
        await _mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: t, namespace: restart-quiet }
            spec:
              broker: default
              filter: { attributes: { type: dev.mesh.quiet } }
              subscriber: { uri: "{{_subscriber.Url}}" }
            """);
        await _mesh.WaitReadyAsync(Resource.Trigger(ns, "t"));
        var before = await VersionsAsync(ns);

        await _mesh.RestartAsync();
        await _mesh.WaitReadyAsync(Resource.Trigger(ns, "t"));

        // The start-up reconcile finds every spec as stored: records holding dictionaries (filters,
        // delivery) compared by reference once made every restart write every trigger again.
        (await VersionsAsync(ns)).ShouldBe(before);
        (await _mesh.SendEventAsync(ns, "default", "quiet-1", "dev.mesh.quiet")).ShouldBe(202);
        await Eventually.TrueAsync(() => _subscriber.Received.Any(r => r.Ce("id") == "quiet-1"), "the event sent after the restart at the subscriber");
    }

    private async Task<string?[]> VersionsAsync(string ns)
    {
        var storage = _mesh.Services.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>("mesh");
        async Task<string?> ETag<T>(string name, string type, string key) where T : new()
        {
            var state = new Orleans.GrainState<T>(new T());
            await storage.ReadStateAsync(name, GrainId.Create(type, key), state);
            return state.ETag;
        }
        return
        [
            await ETag<Mesh.Grains.Triggers.TriggerState>("trigger", "mesh.trigger", $"{ns}/t"),
            await ETag<Mesh.Grains.Brokers.BrokerState>("broker", "mesh.broker", $"{ns}/default"),
            await ETag<Mesh.Grains.Brokers.BrokerRouterState>("router", "mesh.broker-router", $"{ns}/default"),
        ];
    }
}
