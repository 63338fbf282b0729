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
}
