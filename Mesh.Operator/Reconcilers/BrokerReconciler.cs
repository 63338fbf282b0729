using Mesh.Grains.Brokers;
using Mesh.Grains.Delivery;
using Mesh.Operator.Hosting;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Reconcilers;

/// <summary>Brokers: an ingress address, delivery defaults for their triggers, a grain that takes events.</summary>
public sealed class BrokerReconciler(IGrainFactory grains, DestinationResolver resolver, PublicAddress address, TimeProvider time) : IKindReconciler
{
    public ResourceKind Kind => KnativeKinds.Broker;

    public void Validate(Declaration declaration, FieldErrors errors)
    {
        var spec = declaration.Spec;
        if (spec["config"] is { } config && config is not JsonObject)
            errors.Add("spec.config", "config must be an object reference");
        DeliveryDeclarations.Validate(spec["delivery"], "spec.delivery", errors);
    }

    public async Task<JsonObject> ReconcileAsync(Declaration declaration, CancellationToken cancellation)
    {
        var conditions = new Conditions(declaration.Status, time);
        var status = new JsonObject();
        var deliveryNode = declaration.Spec["delivery"];

        var deadLetter = await resolver.ResolveDeadLetterAsync(deliveryNode?["deadLetterSink"], declaration.Namespace, conditions, status);

        var delivery = DeliveryDeclarations.Read(deliveryNode, deadLetter?.Uri?.ToString(), deadLetter?.Auth)?.OverridesOn(null) ?? DeliverySpec.BrokerDefault;
        var ready = deadLetter is null || deadLetter.Resolved;
        await grains.GetGrain<IBrokerGrain>(declaration.Key.GrainKey).Configure(new BrokerSpec(delivery), ready);

        var url = address.For($"/{declaration.Namespace}/{declaration.Name}");
        conditions.Set("Addressable", true, "Addressable", null)
            .Set("IngressReady", true, "IngressReady", null)
            .Set("FilterReady", true, "FilterReady", null);
        status["observedGeneration"] = declaration.Generation;
        status["conditions"] = conditions.WithReady();
        status["address"] = new JsonObject { ["name"] = url.StartsWith("https:", StringComparison.Ordinal) ? "https" : "http", ["url"] = url, ["audience"] = Audiences.Of(Kind, declaration) };
        return status;
    }

    public Task RemoveAsync(Declaration declaration, CancellationToken cancellation) =>
        grains.GetGrain<IBrokerGrain>(declaration.Key.GrainKey).Remove();

    public IEnumerable<ObjectKey> DependsOn(Declaration declaration) =>
        resolver.Target(declaration.Spec["delivery"]?["deadLetterSink"], declaration.Namespace) is { } target ? [target] : [];
}
