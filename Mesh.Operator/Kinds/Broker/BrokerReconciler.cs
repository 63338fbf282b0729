using Mesh.Grains.Brokers;
using Mesh.Operator.Addressing;
using Mesh.Operator.Delivery;
using Mesh.Operator.Hosting;
using Mesh.Operator.Kinds.EventPolicy;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.Broker;

/// <summary>Brokers: an ingress address, and a grain that takes events once the dead-letter sink (if any) resolves.</summary>
public sealed class BrokerReconciler(IGrainFactory grains, DestinationResolver resolver, EventPolicies policies, PublicAddress address, TimeProvider time) : IKindReconciler<BrokerDeclaration>
{
    public async Task<JsonObject> ReconcileAsync(Declared<BrokerDeclaration> broker, CancellationToken cancellation)
    {
        var conditions = new BrokerConditions(broker.Status, time);
        var status = new JsonObject();
        var deadLetter = await DeadLetterSink.ResolveAsync(resolver, broker.Spec.Delivery?.DeadLetterSink, broker.Namespace, status);
        conditions.MarkDeadLetterSink(deadLetter);
        var grain = grains.GetGrain<IBrokerGrain>(broker.Key.GrainKey);
        var applied = await policies.ForAsync(broker.Declaration);
        await grain.ConfigureSenders(applied.Rules(Audiences.Of(broker.Declaration.Kind, broker.Declaration)));
        await grain.Configure(new BrokerSpec(), DeadLetterSink.Ready(deadLetter));
        conditions.MarkEventPolicies(applied);

        conditions.MarkAddressable();
        conditions.MarkIngressReady();
        conditions.MarkFilterReady();
        status["observedGeneration"] = broker.Generation;
        status["conditions"] = conditions.ToJson();
        status["address"] = AddressStatus.For(address.For($"/{broker.Namespace}/{broker.Name}"), broker.Declaration);
        if (applied.Policies.Count > 0) status["policies"] = applied.StatusPolicies();
        return status;
    }

    public Task RemoveAsync(Declaration declaration, BrokerDeclaration? spec, CancellationToken cancellation) =>
        grains.GetGrain<IBrokerGrain>(declaration.Key.GrainKey).Remove();

    public IEnumerable<ObjectKey> DependsOn(Declared<BrokerDeclaration> broker) =>
        resolver.Target(broker.Spec.Delivery?.DeadLetterSink, broker.Namespace) is { } target ? [target] : [];
}
