namespace Mesh.Tests.Operator.Addressing;

[Collection(SharedMesh.Name)]
public sealed class DestinationResolutionTests(MeshFixture fixture)
{
    private readonly MeshHost _mesh = fixture.Mesh;

    private string Base => _mesh.BaseAddress.ToString().TrimEnd('/');

    private static string BrokerYaml(string ns, string name, string spec = "") => $"""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {"{"} name: {name}, namespace: {ns} {"}"}
        {spec}
        """;

    private static string TriggerYaml(string ns, string name, string subscriber, string broker = "default", string extra = "") => $"""
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {"{"} name: {name}, namespace: {ns} {"}"}
        spec:
          broker: {broker}
          subscriber: {subscriber}
        {extra}
        """;

    [Fact]
    public async Task A_subscriber_ref_to_a_broker_resolves_to_its_address()
    {
        const string ns = "dest-broker";
        await _mesh.MustApplyAsync(BrokerYaml(ns, "default"));
        await _mesh.MustApplyAsync(BrokerYaml(ns, "target"));
        await _mesh.MustApplyAsync(TriggerYaml(ns, "t", "{ ref: { apiVersion: eventing.knative.dev/v1, kind: Broker, name: target } }"));
        var trigger = await _mesh.WaitReadyAsync(Resource.Trigger(ns, "t"));
        ((string?)trigger["status"]!["subscriberUri"]).ShouldBe($"{Base}/{ns}/target");
    }

    [Fact]
    public async Task A_relative_uri_with_a_ref_resolves_against_the_refs_address_per_RFC_3986()
    {
        const string ns = "dest-relative";
        await _mesh.MustApplyAsync(BrokerYaml(ns, "default"));
        await _mesh.MustApplyAsync(BrokerYaml(ns, "target"));
        await _mesh.MustApplyAsync(TriggerYaml(ns, "rel", "{ ref: { apiVersion: eventing.knative.dev/v1, kind: Broker, name: target }, uri: extra/path }"));
        await _mesh.MustApplyAsync(TriggerYaml(ns, "abs", "{ ref: { apiVersion: eventing.knative.dev/v1, kind: Broker, name: target }, uri: /rooted?q=1 }"));

        // The base path /ns/target has no trailing slash, so its last segment is replaced.
        ((string?)(await _mesh.WaitReadyAsync(Resource.Trigger(ns, "rel")))["status"]!["subscriberUri"]).ShouldBe($"{Base}/{ns}/extra/path");
        ((string?)(await _mesh.WaitReadyAsync(Resource.Trigger(ns, "abs")))["status"]!["subscriberUri"]).ShouldBe($"{Base}/rooted?q=1");
    }

    [Fact]
    public async Task A_ref_to_a_broker_in_another_namespace_uses_that_namespace()
    {
        await _mesh.MustApplyAsync(BrokerYaml("dest-ns-a", "default"));
        await _mesh.MustApplyAsync(BrokerYaml("dest-ns-b", "target"));
        await _mesh.MustApplyAsync(TriggerYaml("dest-ns-a", "t", "{ ref: { apiVersion: eventing.knative.dev/v1, kind: Broker, name: target, namespace: dest-ns-b } }"));
        var trigger = await _mesh.WaitReadyAsync(Resource.Trigger("dest-ns-a", "t"));
        ((string?)trigger["status"]!["subscriberUri"]).ShouldBe($"{Base}/dest-ns-b/target");
    }

    [Fact]
    public async Task A_ref_to_a_v1_service_resolves_to_its_cluster_dns_name()
    {
        const string ns = "dest-svc";
        await _mesh.MustApplyAsync(BrokerYaml(ns, "default"));
        await _mesh.MustApplyAsync(TriggerYaml(ns, "t", "{ ref: { apiVersion: v1, kind: Service, name: scorer } }"));
        var trigger = await _mesh.WaitReadyAsync(Resource.Trigger(ns, "t"));
        ((string?)trigger["status"]!["subscriberUri"]).ShouldBe($"http://scorer.{ns}.svc.cluster.local/");
    }

    [Fact]
    public async Task A_ref_to_a_missing_object_is_not_found_until_it_appears()
    {
        const string ns = "dest-missing";
        await _mesh.MustApplyAsync(BrokerYaml(ns, "default"));
        await _mesh.MustApplyAsync(TriggerYaml(ns, "t", "{ ref: { apiVersion: eventing.knative.dev/v1, kind: Broker, name: later } }"));
        var waiting = await _mesh.WaitConditionAsync(Resource.Trigger(ns, "t"), "SubscriberResolved", "False", "NotFound");
        Resource.ConditionStatus(waiting, "Ready").ShouldBe("False");
        waiting["status"]!["subscriberUri"].ShouldBeNull();

        await _mesh.MustApplyAsync(BrokerYaml(ns, "later"));

        var resolved = await _mesh.WaitReadyAsync(Resource.Trigger(ns, "t"));
        Resource.ConditionStatus(resolved, "SubscriberResolved").ShouldBe("True");
        ((string?)resolved["status"]!["subscriberUri"]).ShouldBe($"{Base}/{ns}/later");
    }

    [Fact]
    public async Task A_ref_to_a_deleted_object_unresolves_the_subscriber()
    {
        const string ns = "dest-gone";
        await _mesh.MustApplyAsync(BrokerYaml(ns, "default"));
        await _mesh.MustApplyAsync(BrokerYaml(ns, "target"));
        await _mesh.MustApplyAsync(TriggerYaml(ns, "t", "{ ref: { apiVersion: eventing.knative.dev/v1, kind: Broker, name: target } }"));
        await _mesh.WaitReadyAsync(Resource.Trigger(ns, "t"));

        (await _mesh.Http.DeleteAsync(Resource.Broker(ns, "target"))).EnsureSuccessStatusCode();

        await _mesh.WaitConditionAsync(Resource.Trigger(ns, "t"), "SubscriberResolved", "False", "NotFound");
    }

    [Fact]
    public async Task A_broker_with_a_missing_dead_letter_sink_is_not_ready_nor_are_its_triggers()
    {
        const string ns = "dest-dls";
        await _mesh.MustApplyAsync(BrokerYaml(ns, "default", """
            spec:
              delivery:
                deadLetterSink: { ref: { apiVersion: eventing.knative.dev/v1, kind: Broker, name: dead } }
            """));
        await _mesh.MustApplyAsync(TriggerYaml(ns, "t", "{ uri: \"http://subscriber.example/\" }"));

        var broker = await _mesh.WaitConditionAsync(Resource.Broker(ns, "default"), "DeadLetterSinkResolved", "False", "NotFound");
        Resource.ConditionStatus(broker, "Ready").ShouldBe("False");
        var trigger = await _mesh.WaitReadyAsync(Resource.Trigger(ns, "t"), "False");
        Resource.ConditionStatus(trigger, "BrokerReady").ShouldBe("False");
        (await _mesh.SendEventAsync(ns, "default", "dls-early")).ShouldBe(503);

        await _mesh.MustApplyAsync(BrokerYaml(ns, "dead"));

        var readyBroker = await _mesh.WaitReadyAsync(Resource.Broker(ns, "default"));
        ((string?)readyBroker["status"]!["deadLetterSinkUri"]).ShouldBe($"{Base}/{ns}/dead");
        var readyTrigger = await _mesh.WaitReadyAsync(Resource.Trigger(ns, "t"));
        // A trigger with no dead-letter sink of its own inherits its broker's.
        ((string?)readyTrigger["status"]!["deadLetterSinkUri"]).ShouldBe($"{Base}/{ns}/dead");
    }

    [Fact]
    public async Task A_triggers_own_dead_letter_sink_wins_over_its_brokers()
    {
        const string ns = "dest-dls-own";
        await _mesh.MustApplyAsync(BrokerYaml(ns, "default", """
            spec:
              delivery: { deadLetterSink: { uri: "http://broker-dead.example/" } }
            """));
        await _mesh.MustApplyAsync(TriggerYaml(ns, "inherits", "{ uri: \"http://subscriber.example/\" }"));
        await _mesh.MustApplyAsync(TriggerYaml(ns, "own", "{ uri: \"http://subscriber.example/\" }", extra: """
              delivery: { deadLetterSink: { uri: "http://trigger-dead.example/" } }
            """));
        ((string?)(await _mesh.WaitReadyAsync(Resource.Trigger(ns, "inherits")))["status"]!["deadLetterSinkUri"]).ShouldBe("http://broker-dead.example/");
        ((string?)(await _mesh.WaitReadyAsync(Resource.Trigger(ns, "own")))["status"]!["deadLetterSinkUri"]).ShouldBe("http://trigger-dead.example/");
    }
}
