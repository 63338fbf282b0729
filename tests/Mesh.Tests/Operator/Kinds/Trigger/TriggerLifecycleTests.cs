namespace Mesh.Tests.Operator.Kinds.Trigger;

[Collection(SharedMesh.Name)]
public sealed class TriggerLifecycleTests(MeshFixture fixture) : IAsyncLifetime
{
    private readonly MeshHost _mesh = fixture.Mesh;
    private RecordingSubscriber _subscriber = null!;

    public async Task InitializeAsync()
    {
        _subscriber = await RecordingSubscriber.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _subscriber.DisposeAsync();
    }

    private static string BrokerYaml(string ns, string name = "default") => $"""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {"{"} name: {name}, namespace: {ns} {"}"}
        """;

    private static string TriggerYaml(string ns, string name, Uri subscriber, string broker = "default") => $"""
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {"{"} name: {name}, namespace: {ns} {"}"}
        spec:
          broker: {broker}
          subscriber: {"{"} uri: "{subscriber}" {"}"}
        """;

    private Task WaitReceivedAsync(string id) =>
        Eventually.TrueAsync(() => _subscriber.Received.Any(r => r.Ce("id") == id), $"event {id} at the subscriber",
            () => string.Join(", ", _subscriber.Received.Select(r => r.Ce("id"))));

    [Fact]
    public async Task A_trigger_applied_before_its_broker_becomes_ready_when_the_broker_appears_and_routes()
    {
        const string ns = "life-order";
        await _mesh.MustApplyAsync(TriggerYaml(ns, "t", _subscriber.Url));
        var waiting = await _mesh.WaitReadyAsync(Resource.Trigger(ns, "t"), "False");
        Resource.ConditionReason(waiting, "Ready").ShouldBe("BrokerDoesNotExist");
        Resource.ConditionReason(waiting, "BrokerReady").ShouldBe("BrokerDoesNotExist");

        await _mesh.MustApplyAsync(BrokerYaml(ns));

        await _mesh.WaitReadyAsync(Resource.Trigger(ns, "t"));
        (await _mesh.SendEventAsync(ns, "default", "order-1")).ShouldBe(202);
        await WaitReceivedAsync("order-1");
    }

    [Fact]
    public async Task Deleting_the_broker_unreadies_its_trigger_and_reapplying_resumes_routing()
    {
        const string ns = "life-rebroker";
        await _mesh.MustApplyAsync(BrokerYaml(ns));
        await _mesh.MustApplyAsync(TriggerYaml(ns, "t", _subscriber.Url));
        await _mesh.WaitReadyAsync(Resource.Trigger(ns, "t"));
        (await _mesh.SendEventAsync(ns, "default", "rebroker-1")).ShouldBe(202);
        await WaitReceivedAsync("rebroker-1");

        (await _mesh.Http.DeleteAsync(Resource.Broker(ns, "default"))).EnsureSuccessStatusCode();

        var orphan = await _mesh.WaitReadyAsync(Resource.Trigger(ns, "t"), "False");
        Resource.ConditionReason(orphan, "Ready").ShouldBe("BrokerDoesNotExist");
        (await _mesh.SendEventAsync(ns, "default", "rebroker-lost")).ShouldBe(404);

        await _mesh.MustApplyAsync(BrokerYaml(ns));

        await _mesh.WaitReadyAsync(Resource.Trigger(ns, "t"));
        (await _mesh.SendEventAsync(ns, "default", "rebroker-2")).ShouldBe(202);
        await WaitReceivedAsync("rebroker-2");
        _subscriber.Received.ShouldNotContain(r => r.Ce("id") == "rebroker-lost");
    }

    [Fact]
    public async Task Deleting_a_trigger_stops_delivery_to_its_subscriber()
    {
        const string ns = "life-untrigger";
        await using var other = await RecordingSubscriber.StartAsync();
        await _mesh.MustApplyAsync(BrokerYaml(ns));
        await _mesh.MustApplyAsync(TriggerYaml(ns, "doomed", _subscriber.Url));
        await _mesh.MustApplyAsync(TriggerYaml(ns, "sentinel", other.Url));
        await _mesh.WaitReadyAsync(Resource.Trigger(ns, "doomed"));
        await _mesh.WaitReadyAsync(Resource.Trigger(ns, "sentinel"));
        (await _mesh.SendEventAsync(ns, "default", "untrigger-1")).ShouldBe(202);
        await WaitReceivedAsync("untrigger-1");

        (await _mesh.Http.DeleteAsync(Resource.Trigger(ns, "doomed"))).EnsureSuccessStatusCode();
        (await _mesh.Http.GetAsync(Resource.Trigger(ns, "doomed"))).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        (await _mesh.SendEventAsync(ns, "default", "untrigger-2")).ShouldBe(202);

        // Both triggers hear the same stream; once the sentinel has the event, the deleted one had its chance.
        await Eventually.TrueAsync(() => other.Received.Any(r => r.Ce("id") == "untrigger-2"), "the sentinel event at the remaining trigger's subscriber");
        _subscriber.Received.ShouldNotContain(r => r.Ce("id") == "untrigger-2");
    }

    [Fact]
    public async Task Changing_a_triggers_subscriber_moves_delivery_to_the_new_one()
    {
        const string ns = "life-resubscribe";
        await using var next = await RecordingSubscriber.StartAsync();
        await _mesh.MustApplyAsync(BrokerYaml(ns));
        await _mesh.MustApplyAsync(TriggerYaml(ns, "t", _subscriber.Url));
        await _mesh.WaitReadyAsync(Resource.Trigger(ns, "t"));

        var changed = await _mesh.MustApplyAsync(TriggerYaml(ns, "t", next.Url));

        ((long)changed["metadata"]!["generation"]!).ShouldBe(2);
        var trigger = await _mesh.WaitReadyAsync(Resource.Trigger(ns, "t"));
        ((long)trigger["status"]!["observedGeneration"]!).ShouldBe(2);
        ((string?)trigger["status"]!["subscriberUri"]).ShouldBe(next.Url.ToString());
        (await _mesh.SendEventAsync(ns, "default", "resubscribe-1")).ShouldBe(202);
        await Eventually.TrueAsync(() => next.Received.Any(r => r.Ce("id") == "resubscribe-1"), "the event at the new subscriber");
        _subscriber.Received.ShouldNotContain(r => r.Ce("id") == "resubscribe-1");
    }

    [Fact]
    public async Task A_triggers_filter_decides_which_events_reach_its_subscriber()
    {
        const string ns = "life-filter";
        await using var everything = await RecordingSubscriber.StartAsync();
        await _mesh.MustApplyAsync(BrokerYaml(ns));
        await _mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: only-wanted, namespace: {{ns}} }
            spec:
              broker: default
              filter: { attributes: { type: dev.mesh.wanted } }
              subscriber: { uri: "{{_subscriber.Url}}" }
            """);
        await _mesh.MustApplyAsync(TriggerYaml(ns, "all", everything.Url));
        await _mesh.WaitReadyAsync(Resource.Trigger(ns, "only-wanted"));
        await _mesh.WaitReadyAsync(Resource.Trigger(ns, "all"));

        (await _mesh.SendEventAsync(ns, "default", "filter-unwanted", "dev.mesh.unwanted")).ShouldBe(202);
        (await _mesh.SendEventAsync(ns, "default", "filter-wanted", "dev.mesh.wanted")).ShouldBe(202);

        await WaitReceivedAsync("filter-wanted");
        await Eventually.TrueAsync(() => everything.Received.Any(r => r.Ce("id") == "filter-unwanted"), "the unwanted event at the unfiltered trigger");
        _subscriber.Received.ShouldNotContain(r => r.Ce("id") == "filter-unwanted");
    }

    [Fact]
    public async Task A_broker_that_is_applied_twice_keeps_routing_to_existing_triggers()
    {
        const string ns = "life-reapply";
        await _mesh.MustApplyAsync(BrokerYaml(ns));
        await _mesh.MustApplyAsync(TriggerYaml(ns, "t", _subscriber.Url));
        await _mesh.WaitReadyAsync(Resource.Trigger(ns, "t"));
        await _mesh.MustApplyAsync(BrokerYaml(ns));
        (await _mesh.SendEventAsync(ns, "default", "reapply-1")).ShouldBe(202);
        await WaitReceivedAsync("reapply-1");
    }
}
