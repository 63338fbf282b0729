using Mesh.Grains.Brokers;
using Mesh.Grains.Storage;
using Mesh.Grains.Triggers;
using Mesh.Operator.Addressing;
using Mesh.Operator.Conditions;
using Mesh.Operator.Delivery;
using Mesh.Operator.Kinds.Broker;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;
using Mesh.Grains.Hosting;

namespace Mesh.Operator.Kinds.Trigger;

/// <summary>Triggers: a filter and a subscriber on a broker, delivered with the trigger's delivery layered over the broker's.</summary>
public sealed class TriggerReconciler(IGrainFactory grains, DeclarationStore store, DestinationResolver resolver, TimeProvider time) : IKindReconciler<TriggerDeclaration>
{
    public async Task<JsonObject> ReconcileAsync(Declared<TriggerDeclaration> trigger, CancellationToken cancellation)
    {
        var ns = trigger.Namespace;
        var spec = trigger.Spec;
        var conditions = new TriggerConditions(trigger.Status, time);
        var status = new JsonObject();

        var broker = await store.GetAsync(BrokerKey(trigger));
        var brokerReady = Readiness.IsReady(broker);
        if (broker is null) conditions.MarkBrokerDoesNotExist(ns, spec.Broker);
        else if (!brokerReady) conditions.MarkBrokerNotReady(ns, spec.Broker);
        else conditions.MarkBrokerReady();

        var subscriber = await resolver.ResolveAsync(spec.Subscriber, ns);
        conditions.MarkSubscriber(subscriber);
        if (subscriber.Resolved) status["subscriberUri"] = subscriber.Uri!.ToString();
        if (subscriber.Auth?.Audience is { } audience) status["subscriberAudience"] = audience;
        if (subscriber.Auth?.CACerts is { } caCerts) status["subscriberCACerts"] = caCerts;

        // Without a dead-letter sink of its own a trigger has its broker's, as Knative does: layering gives it.
        var delivery = DeliveryLayering.Effective(spec.Delivery, Declared<BrokerDeclaration>.Read(broker)?.Spec.Delivery);
        var deadLetter = await DeadLetterSink.ResolveAsync(resolver, delivery.DeadLetterSink, ns, status);
        conditions.MarkDeadLetterSink(deadLetter);
        conditions.MarkDependencyReady();

        var active = brokerReady && subscriber.Resolved && DeadLetterSink.Ready(deadLetter);
        var desired = new TriggerSpec($"{ns}/{spec.Broker}", spec.Filter, subscriber.Uri?.ToString(), delivery.ToSpec(deadLetter), active, subscriber.Auth, spec.Order);
        var key = trigger.Key.GrainKey;
        var router = grains.Get<IBrokerRouterGrain>(desired.Broker);
        // The router vouches for the spec the trigger stored: an unchanged trigger (every one, at a
        // restart) is not activated just to be told what it already has; an idle one stays let go.
        var subscribed = active && await router.HasTrigger(key, StoredValues.Fingerprint(desired));
        if (!subscribed)
        {
            await grains.Get<ITriggerGrain>(key).Configure(desired);
            subscribed = active && await router.HasTrigger(key);
        }
        conditions.MarkSubscribed(subscribed);

        status["observedGeneration"] = trigger.Generation;
        status["conditions"] = conditions.ToJson();
        return status;
    }

    public Task RemoveAsync(Declaration declaration, TriggerDeclaration? spec, CancellationToken cancellation) =>
        grains.Get<ITriggerGrain>(declaration.Key.GrainKey).Remove();

    public IEnumerable<ObjectKey> DependsOn(Declared<TriggerDeclaration> trigger)
    {
        yield return BrokerKey(trigger);
        if (resolver.Target(trigger.Spec.Subscriber, trigger.Namespace) is { } subscriber) yield return subscriber;
        if (resolver.Target(trigger.Spec.Delivery?.DeadLetterSink, trigger.Namespace) is { } dls) yield return dls;
    }

    private static ObjectKey BrokerKey(Declared<TriggerDeclaration> trigger) => new(BrokerKind.Resource, trigger.Namespace, trigger.Spec.Broker);
}
