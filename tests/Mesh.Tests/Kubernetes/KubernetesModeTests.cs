using Mesh.Operator.Kinds.Trigger;
using Mesh.Operator.Kinds.Broker;
using Mesh.Operator.Resources;

namespace Mesh.Tests.Kubernetes;

/// <summary>Custom resources in a (fake) cluster drive routing, and their status comes back.</summary>
public sealed class KubernetesModeTests : IAsyncLifetime
{
    private FakeKubernetesApi _api = null!;
    private MeshHost _mesh = null!;
    private RecordingSubscriber _subscriber = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeKubernetesApi.StartAsync();
        _subscriber = await RecordingSubscriber.StartAsync();
        _mesh = await KubernetesMesh.StartAsync(_api, "solo");
    }

    public async Task DisposeAsync()
    {
        await _mesh.DisposeAsync();
        await _subscriber.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task A_broker_and_trigger_created_in_the_cluster_route_events_and_get_their_status_written_back()
    {
        _api.Create(BrokerKind.Resource, KubernetesMesh.Broker);
        _api.Create(TriggerKind.Resource, KubernetesMesh.Trigger("t1", _subscriber.Url));

        var broker = await KubernetesMesh.WaitReadyAsync(_api, BrokerKind.Resource, "default");
        ((string)broker["status"]!["address"]!["url"]!).ShouldBe(new Uri(_mesh.BaseAddress, "/default/default").ToString().TrimEnd('/'));
        broker["status"]!["observedGeneration"]!.GetValue<long>().ShouldBe(broker["metadata"]!["generation"]!.GetValue<long>());
        var trigger = await KubernetesMesh.WaitReadyAsync(_api, TriggerKind.Resource, "t1");
        ((string?)trigger["status"]!["subscriberUri"]).ShouldBe(_subscriber.Url.ToString());

        await SendAsync("e1");
        await _subscriber.WaitForCountAsync(1);
        _subscriber.Received[0].Ce("id").ShouldBe("e1");
    }

    [Fact]
    public async Task An_update_in_the_cluster_changes_routing_and_a_delete_removes_the_trigger()
    {
        await using var second = await RecordingSubscriber.StartAsync();
        _api.Create(BrokerKind.Resource, KubernetesMesh.Broker);
        _api.Create(TriggerKind.Resource, KubernetesMesh.Trigger("t1", _subscriber.Url));
        await KubernetesMesh.WaitReadyAsync(_api, TriggerKind.Resource, "t1");

        _api.Update(TriggerKind.Resource, "t1", t => t["spec"]!["subscriber"]!["uri"] = second.Url.ToString());
        await Eventually.TrueAsync(() => (string?)_api.Get(TriggerKind.Resource, "t1")?["status"]?["subscriberUri"] == second.Url.ToString(),
            "the trigger's status to show the new subscriber");
        var updated = _api.Get(TriggerKind.Resource, "t1")!;
        updated["status"]!["observedGeneration"]!.GetValue<long>().ShouldBe(2);
        await SendAsync("e2");
        await second.WaitForCountAsync(1);
        _subscriber.Received.ShouldBeEmpty();

        _api.Delete(TriggerKind.Resource, "t1");
        await Eventually.TrueAsync(async () => await _mesh.GetAsync("/apis/eventing.knative.dev/v1/namespaces/default/triggers/t1") is null,
            "the mesh to forget the deleted trigger");
    }

    [Fact]
    public async Task A_watch_dropped_mid_stream_resumes_from_its_resource_version_without_relisting()
    {
        _api.Create(BrokerKind.Resource, KubernetesMesh.Broker);
        await KubernetesMesh.WaitReadyAsync(_api, BrokerKind.Resource, "default");
        var lists = _api.Lists("triggers");
        var watches = _api.Watches("triggers");

        _api.Objects.Bookmark();
        _api.DropWatches();
        _api.Create(TriggerKind.Resource, KubernetesMesh.Trigger("after-drop", _subscriber.Url));

        await KubernetesMesh.WaitReadyAsync(_api, TriggerKind.Resource, "after-drop");
        _api.Watches("triggers").ShouldBeGreaterThan(watches);
        _api.Lists("triggers").ShouldBe(lists);
    }

    [Fact]
    public async Task A_watch_whose_resource_version_is_gone_relists_and_catches_up()
    {
        _api.Create(BrokerKind.Resource, KubernetesMesh.Broker);
        _api.Create(TriggerKind.Resource, KubernetesMesh.Trigger("doomed", _subscriber.Url));
        await KubernetesMesh.WaitReadyAsync(_api, TriggerKind.Resource, "doomed");
        var lists = _api.Lists("triggers");

        // While the watch is down, one trigger goes and another comes; then history is compacted.
        _api.DropWatches();
        _api.Delete(TriggerKind.Resource, "doomed");
        _api.Create(TriggerKind.Resource, KubernetesMesh.Trigger("after-gone", _subscriber.Url));
        _api.Objects.Compact();

        await KubernetesMesh.WaitReadyAsync(_api, TriggerKind.Resource, "after-gone");
        _api.Lists("triggers").ShouldBeGreaterThan(lists);
        await Eventually.TrueAsync(async () => await _mesh.GetAsync("/apis/eventing.knative.dev/v1/namespaces/default/triggers/doomed") is null,
            "the relist to remove the trigger deleted while the watch was gone");
    }

    [Fact]
    public async Task A_broker_of_another_class_is_left_alone()
    {
        _api.Create(BrokerKind.Resource, """
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata:
              name: kafka
              namespace: default
              annotations: { eventing.knative.dev/broker.class: Kafka }
            """);
        _api.Create(BrokerKind.Resource, KubernetesMesh.Broker);
        await KubernetesMesh.WaitReadyAsync(_api, BrokerKind.Resource, "default");
        _api.Get(BrokerKind.Resource, "kafka")!["status"].ShouldBeNull();
        (await _mesh.GetAsync("/apis/eventing.knative.dev/v1/namespaces/default/brokers/kafka")).ShouldBeNull();
    }

    private async Task SendAsync(string id)
    {
        var request = CloudEventRequests.Binary(id);
        request.RequestUri = new Uri(_mesh.BaseAddress, "/default/default");
        var response = await _mesh.Http.SendAsync(request);
        ((int)response.StatusCode).ShouldBe(202);
    }
}
