using Mesh.Operator.Kinds.Trigger;
using Mesh.Operator.Kinds.Broker;
using Mesh.Operator.Resources;

namespace Mesh.Tests.Kubernetes;

/// <summary>Custom resources in a real cluster drive routing, and their status comes back through the status subresource.</summary>
[Collection(KubernetesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class KubernetesModeTests(KubernetesApiServer server)
{
    [KubernetesFact]
    public async Task A_broker_and_trigger_created_in_the_cluster_route_events_and_get_their_status_written_back()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        await using var subscriber = await RecordingSubscriber.StartAsync();
        await using var mesh = await KubernetesMesh.StartAsync(server, ns);

        await server.Objects.CreateAsync(BrokerKind.Resource, ns, KubernetesMesh.Broker());
        await server.Objects.CreateAsync(TriggerKind.Resource, ns, KubernetesMesh.Trigger("t1", subscriber.Url));

        var broker = await server.Objects.WaitReadyAsync(BrokerKind.Resource, ns, "default");
        ((string)broker["status"]!["address"]!["url"]!).ShouldBe(new Uri(mesh.BaseAddress, $"/{ns}/default").ToString().TrimEnd('/'));
        // The API server keeps status apart from spec: a status write through /status leaves the generation alone.
        broker["metadata"]!["generation"]!.GetValue<long>().ShouldBe(1);
        broker["status"]!["observedGeneration"]!.GetValue<long>().ShouldBe(1);
        var trigger = await server.Objects.WaitReadyAsync(TriggerKind.Resource, ns, "t1");
        ((string?)trigger["status"]!["subscriberUri"]).ShouldBe(subscriber.Url.ToString());

        await KubernetesMesh.SendAsync(mesh, ns, "default", "e1");
        await subscriber.WaitForCountAsync(1);
        subscriber.Received[0].Ce("id").ShouldBe("e1");
    }

    [KubernetesFact]
    public async Task An_update_in_the_cluster_changes_routing_and_a_delete_removes_the_trigger()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        await using var first = await RecordingSubscriber.StartAsync();
        await using var second = await RecordingSubscriber.StartAsync();
        await using var mesh = await KubernetesMesh.StartAsync(server, ns);
        await server.Objects.CreateAsync(BrokerKind.Resource, ns, KubernetesMesh.Broker());
        await server.Objects.CreateAsync(TriggerKind.Resource, ns, KubernetesMesh.Trigger("t1", first.Url));
        await server.Objects.WaitReadyAsync(TriggerKind.Resource, ns, "t1");

        await server.Objects.UpdateAsync(TriggerKind.Resource, ns, "t1", t => t["spec"]!["subscriber"]!["uri"] = second.Url.ToString());
        JsonObject? updated = null;
        await Eventually.TrueAsync(async () =>
        {
            updated = await server.Objects.GetAsync(TriggerKind.Resource, ns, "t1");
            return (string?)updated?["status"]?["subscriberUri"] == second.Url.ToString();
        }, "the trigger's status to show the new subscriber", () => updated?.ToJsonString() ?? "(missing)");
        updated!["status"]!["observedGeneration"]!.GetValue<long>().ShouldBe(2);
        await KubernetesMesh.SendAsync(mesh, ns, "default", "e2");
        await second.WaitForCountAsync(1);
        first.Received.ShouldBeEmpty();

        await server.Objects.DeleteAsync(TriggerKind.Resource, ns, "t1");
        await Eventually.TrueAsync(async () => await KubernetesMesh.StoredAsync(mesh, TriggerKind.Resource, ns, "t1") is null,
            "the mesh to forget the deleted trigger");
        await server.Objects.CreateAsync(TriggerKind.Resource, ns, KubernetesMesh.Trigger("sentinel", first.Url));
        await server.Objects.WaitReadyAsync(TriggerKind.Resource, ns, "sentinel");
        await KubernetesMesh.SendAsync(mesh, ns, "default", "e3");
        await first.WaitForCountAsync(1);
        second.Received.Count.ShouldBe(1, "the deleted trigger's subscriber got an event after the delete");
    }

    [KubernetesFact]
    public async Task A_spec_the_mesh_refuses_gets_Ready_False_with_the_field_in_its_status()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        await using var mesh = await KubernetesMesh.StartAsync(server, ns);
        await server.Objects.CreateAsync(BrokerKind.Resource, ns, KubernetesMesh.Broker());
        // Valid for the CRD's schema (v1.20 has no CEL rules), refused by the mesh: two filter dialects in one filter.
        await server.Objects.CreateAsync(TriggerKind.Resource, ns, """
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: two-dialects }
            spec:
              broker: default
              filters: [{ exact: { type: a }, prefix: { type: b } }]
              subscriber: { uri: "http://127.0.0.1:9/" }
            """);

        var refused = await server.Objects.WaitReadyAsync(TriggerKind.Resource, ns, "two-dialects", "False");

        var ready = refused["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Ready")!;
        ((string?)ready["reason"]).ShouldBe("InvalidSpec");
        ((string?)ready["message"] ?? "").ShouldContain("spec.filters[0]");
        (await KubernetesMesh.StoredAsync(mesh, TriggerKind.Resource, ns, "two-dialects")).ShouldBeNull();
    }
}
