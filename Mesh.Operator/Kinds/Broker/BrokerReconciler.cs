using Mesh.Grains.Brokers;
using Mesh.Operator.Addressing;
using Mesh.Operator.Delivery;
using Mesh.Operator.Hosting;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.Broker;

/// <summary>Brokers: an ingress address, and a grain that takes events once the dead-letter sink (if any) resolves.</summary>
public sealed class BrokerReconciler(IGrainFactory grains, DestinationResolver resolver, PublicAddress address, TimeProvider time) : IKindReconciler<BrokerDeclaration>
{
    public async Task<JsonObject> ReconcileAsync(Declared<BrokerDeclaration> broker, CancellationToken cancellation)
    {
        var conditions = new BrokerConditions(broker.Status, time);
        var status = new JsonObject();
        var deadLetter = await DeadLetterSink.ResolveAsync(resolver, broker.Spec.Delivery?.DeadLetterSink, broker.Namespace, status);
        conditions.MarkDeadLetterSink(deadLetter);
        await grains.GetGrain<IBrokerGrain>(broker.Key.GrainKey).Configure(new BrokerSpec(), DeadLetterSink.Ready(deadLetter));

        conditions.MarkAddressable();
        conditions.MarkIngressReady();
        conditions.MarkFilterReady();
        status["observedGeneration"] = broker.Generation;
        status["conditions"] = conditions.ToJson();
        status["address"] = AddressStatus.For(address.For($"/{broker.Namespace}/{broker.Name}"), broker.Declaration);
        return status;
    }

    public Task RemoveAsync(Declaration declaration, BrokerDeclaration? spec, CancellationToken cancellation) =>
        grains.GetGrain<IBrokerGrain>(declaration.Key.GrainKey).Remove();

    public IEnumerable<ObjectKey> DependsOn(Declared<BrokerDeclaration> broker) =>
        resolver.Target(broker.Spec.Delivery?.DeadLetterSink, broker.Namespace) is { } target ? [target] : [];
}
