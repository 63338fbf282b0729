using Mesh.Grains.Brokers;
using Mesh.Grains.Delivery;
using Mesh.Grains.Triggers;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;

namespace Mesh.Operator.Reconcilers;

/// <summary>Triggers: a filter and a subscriber on a broker, delivered with the broker's defaults.</summary>
public sealed class TriggerReconciler(IGrainFactory grains, DeclarationStore store, DestinationResolver resolver, TimeProvider time) : IKindReconciler
{
    public ResourceKind Kind => KnativeKinds.Trigger;

    public void Validate(Declaration declaration, FieldErrors errors)
    {
        var spec = declaration.Spec;
        if (Destinations.Text(spec["broker"]) is not { Length: > 0 })
            errors.Add("spec.broker", "broker is required");
        Destinations.Validate(spec["subscriber"], "spec.subscriber", errors, required: true);
        TriggerFilters.Validate(spec, errors);
        DeliveryDeclarations.Validate(spec["delivery"], "spec.delivery", errors);
        DeliveryOrderAnnotation.Validate(declaration, errors);
    }

    public void ValidateUpdate(Declaration previous, Declaration next, FieldErrors errors)
    {
        if (Destinations.Text(previous.Spec["broker"]) != Destinations.Text(next.Spec["broker"]))
            errors.Add("spec.broker", $"broker is immutable (was '{Destinations.Text(previous.Spec["broker"])}'); delete and re-create the trigger to move it");
    }

    public async Task<JsonObject> ReconcileAsync(Declaration declaration, CancellationToken cancellation)
    {
        var ns = declaration.Namespace;
        var spec = declaration.Spec;
        var conditions = new Conditions(declaration.Status, time);
        var status = new JsonObject();

        var brokerName = Destinations.Text(spec["broker"])!;
        var broker = await store.GetAsync(new ObjectKey(KnativeKinds.Broker, ns, brokerName));
        var brokerReady = broker is not null && IsReady(broker);
        conditions.Set("BrokerReady", brokerReady,
            broker is null ? "BrokerDoesNotExist" : brokerReady ? "BrokerReady" : "BrokerNotReady",
            broker is null ? $"Broker {ns}/{brokerName} does not exist" : brokerReady ? null : $"Broker {ns}/{brokerName} is not Ready");

        var subscriber = await resolver.ResolveAsync(spec["subscriber"], ns);
        conditions.Set("SubscriberResolved", subscriber.Resolved, subscriber.Reason ?? "SubscriberResolved", subscriber.Message);
        if (subscriber.Resolved) status["subscriberUri"] = subscriber.Uri!.ToString();
        if (subscriber.Auth?.Audience is { } audience) status["subscriberAudience"] = audience;
        if (subscriber.Auth?.CACerts is { } caCerts) status["subscriberCACerts"] = caCerts;

        // A trigger without its own dead-letter sink inherits its broker's, as Knative does.
        var deadLetterNode = spec["delivery"]?["deadLetterSink"] ?? broker?.Spec["delivery"]?["deadLetterSink"];
        var deadLetter = await resolver.ResolveDeadLetterAsync(deadLetterNode, ns, conditions, status);
        conditions.Set("DependencyReady", true, "DependencyReady");

        var brokerDelivery = DeliveryDeclarations.Read(broker?.Spec["delivery"], null) ?? DeliverySpec.BrokerDefault;
        var delivery = (DeliveryDeclarations.Read(spec["delivery"], null) ?? new DeliverySpec()).OverridesOn(brokerDelivery)
            with { DeadLetterUri = deadLetter?.Uri?.ToString(), DeadLetterAuth = deadLetter?.Auth };
        var active = brokerReady && subscriber.Resolved && (deadLetter is null || deadLetter.Resolved);
        var grain = grains.GetGrain<ITriggerGrain>(declaration.Key.GrainKey);
        await grain.Configure(new TriggerSpec($"{ns}/{brokerName}", TriggerFilters.Read(spec), subscriber.Uri?.ToString(), delivery, active, subscriber.Auth,
            DeliveryOrderAnnotation.Read(declaration)));
        var subscribed = active && await grain.IsSubscribed();
        conditions.Set("SubscriptionReady", subscribed,
            subscribed ? "Subscribed" : "NotSubscribed",
            subscribed ? null : "the trigger takes no events until its broker and destinations are ready");

        status["observedGeneration"] = declaration.Generation;
        status["conditions"] = conditions.WithReady();
        return status;
    }

    public Task RemoveAsync(Declaration declaration, CancellationToken cancellation) =>
        grains.GetGrain<ITriggerGrain>(declaration.Key.GrainKey).Remove();

    public IEnumerable<ObjectKey> DependsOn(Declaration declaration)
    {
        var ns = declaration.Namespace;
        if (Destinations.Text(declaration.Spec["broker"]) is { } broker)
            yield return new ObjectKey(KnativeKinds.Broker, ns, broker);
        if (resolver.Target(declaration.Spec["subscriber"], ns) is { } subscriber) yield return subscriber;
        if (resolver.Target(declaration.Spec["delivery"]?["deadLetterSink"], ns) is { } dls) yield return dls;
    }

    private static bool IsReady(Declaration declaration) =>
        (declaration.Status["conditions"] as JsonArray)?.OfType<JsonObject>()
            .Any(c => (string?)c["type"] == "Ready" && (string?)c["status"] == "True") == true;
}
