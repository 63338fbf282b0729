using Mesh.Operator.Kinds;
using Mesh.Operator.Kinds.Broker;
using Mesh.Operator.Kinds.PingSource;
using Mesh.Operator.Kinds.Trigger;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Tests.Operator.Kinds;

/// <summary>
/// Admission (defaults, validation, immutability) is callable on its own, as an admission webhook
/// will call it; and a stored declaration that no longer passes is reported, not reconciled.
/// </summary>
[Collection(SharedMesh.Name)]
public sealed class AdmissionTests(MeshFixture fixture)
{
    private readonly MeshHost _mesh = fixture.Mesh;
    private KindRegistry Kinds => _mesh.Services.GetRequiredService<KindRegistry>();

    private static JsonObject Object(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public async Task Admitting_fills_in_the_kinds_defaults_and_stores_nothing()
    {
        var broker = Kinds.For(BrokerKind.Resource).Admit(null, Object("""{"metadata": {"name": "b", "namespace": "admit"}, "spec": {}}"""));
        var ping = Kinds.For(PingSourceKind.Resource).Admit(null, Object("""{"metadata": {"name": "p", "namespace": "admit"}, "spec": {"sink": {"uri": "http://s/"}}}"""));

        broker.Allowed.ShouldBeTrue();
        ((string?)broker.Object!["metadata"]!["annotations"]!["eventing.knative.dev/broker.class"]).ShouldBe("Mesh");
        ((string?)ping.Object!["spec"]!["schedule"]).ShouldBe("* * * * *");
        (await _mesh.GetAsync(Resource.Broker("admit", "b"))).ShouldBeNull();
    }

    [Fact]
    public void Admitting_a_change_checks_it_against_the_previous_version()
    {
        var trigger = Kinds.For(TriggerKind.Resource);
        var first = trigger.Admit(null, Object("""{"metadata": {"name": "t", "namespace": "admit"}, "spec": {"broker": "a", "subscriber": {"uri": "http://s/"}}}"""));

        var moved = trigger.Admit(first.Object, Object("""{"metadata": {"name": "t", "namespace": "admit"}, "spec": {"broker": "b", "subscriber": {"uri": "http://s/"}}}"""));

        moved.Allowed.ShouldBeFalse();
        moved.Errors.Select(e => e.Field).ShouldBe(["spec.broker"]);
    }

    [Fact]
    public void Every_fault_of_a_declaration_is_named_at_once()
    {
        var admission = Kinds.For(TriggerKind.Resource).Admit(null, Object("""
            {"metadata": {"name": "t", "namespace": "admit"},
             "spec": {"subscriber": {"ref": {"kind": "Service"}}, "filters": [{"cesql": "type = = 'a'"}], "delivery": {"retry": -1}}}
            """));

        admission.Errors.Select(e => e.Field).ShouldBe(
            ["spec.broker", "spec.subscriber.ref.apiVersion", "spec.subscriber.ref.name", "spec.filters[0].cesql", "spec.delivery.retry"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_stored_declaration_that_no_longer_parses_is_reported_not_ready_rather_than_reconciled()
    {
        // As if written by an older version under looser rules: straight into the store.
        var store = _mesh.Services.GetRequiredService<DeclarationStore>();
        await store.PutAsync(new Declaration(TriggerKind.Resource, Object("""
            {"apiVersion": "eventing.knative.dev/v1", "kind": "Trigger",
             "metadata": {"name": "old", "namespace": "admit-old", "uid": "u-1", "generation": 1},
             "spec": {"broker": "default", "subscriber": {"uri": "not absolute"}}}
            """), null));

        await _mesh.Services.GetRequiredService<Mesh.Operator.Controller.Resync>().ResyncAllAsync(CancellationToken.None);

        var trigger = await _mesh.GetAsync(Resource.Trigger("admit-old", "old"));
        MeshHost.ReadyStatus(trigger).ShouldBe("False");
        Resource.ConditionReason(trigger, "Ready").ShouldBe("InvalidSpec");
        ((string)Resource.Condition(trigger, "Ready")!["message"]!).ShouldContain("spec.subscriber.uri");
    }
}
