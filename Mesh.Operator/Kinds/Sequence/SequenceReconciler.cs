using Mesh.Operator.Resources;
using Mesh.Operator.Store;

namespace Mesh.Operator.Reconcilers;

/// <summary>
/// Sequences, built as Knative builds them: channel i feeds step i through subscription i, whose
/// reply is channel i+1; the last step replies to the sequence's <c>reply</c>.
/// </summary>
public sealed class SequenceReconciler(DeclarationStore store, TimeProvider time) : IKindReconciler
{
    public ResourceKind Kind => KnativeKinds.Sequence;

    public bool OwnsChildren => true;

    public static string ChildName(string sequence, int step) => $"{sequence}-kn-sequence-{step}";

    public void Validate(Declaration declaration, FieldErrors errors)
    {
        var spec = declaration.Spec;
        if (spec["steps"] is not JsonArray { Count: > 0 } steps)
        {
            errors.Add("spec.steps", "steps must be a non-empty list of destinations");
        }
        else
        {
            for (var i = 0; i < steps.Count; i++)
            {
                Destinations.Validate(steps[i], $"spec.steps[{i}]", errors, required: true);
                DeliveryDeclarations.Validate(steps[i]?["delivery"], $"spec.steps[{i}].delivery", errors);
            }
        }
        Destinations.Validate(spec["reply"], "spec.reply", errors, required: false);
        ChannelTemplates.Validate(spec["channelTemplate"], "spec.channelTemplate", errors);
    }

    public IReadOnlyList<ChildDeclaration> DesiredChildren(Declaration declaration)
    {
        var ns = declaration.Namespace;
        var steps = declaration.Spec["steps"]!.AsArray();
        var children = new List<ChildDeclaration>();
        for (var i = 0; i < steps.Count; i++)
        {
            var name = ChildName(declaration.Name, i);
            children.Add(new(KnativeKinds.InMemoryChannel, name, ChannelTemplates.SpecFor(declaration.Spec["channelTemplate"])));
            var subscriber = (JsonObject)steps[i]!.DeepClone();
            var delivery = subscriber["delivery"];
            subscriber.Remove("delivery");
            var subscription = new JsonObject
            {
                ["channel"] = References.To(KnativeKinds.InMemoryChannel, ns, name),
                ["subscriber"] = subscriber,
            };
            var reply = i + 1 < steps.Count
                ? References.Destination(KnativeKinds.InMemoryChannel, ns, ChildName(declaration.Name, i + 1))
                : declaration.Spec["reply"]?.DeepClone();
            if (reply is not null) subscription["reply"] = reply;
            if (delivery is not null) subscription["delivery"] = delivery.DeepClone();
            children.Add(new(KnativeKinds.Subscription, name, subscription));
        }
        return children;
    }

    public async Task<JsonObject> ReconcileAsync(Declaration declaration, CancellationToken cancellation)
    {
        var ns = declaration.Namespace;
        var channelStatuses = new JsonArray();
        var subscriptionStatuses = new JsonArray();
        var channelsReady = true;
        var subscriptionsReady = true;
        JsonNode? address = null;
        for (var i = 0; i < declaration.Spec["steps"]!.AsArray().Count; i++)
        {
            var name = ChildName(declaration.Name, i);
            var channel = await store.GetAsync(new ObjectKey(KnativeKinds.InMemoryChannel, ns, name));
            var subscription = await store.GetAsync(new ObjectKey(KnativeKinds.Subscription, ns, name));
            channelsReady &= Conditions.IsReady(channel);
            subscriptionsReady &= Conditions.IsReady(subscription);
            if (i == 0) address = channel?.Status["address"]?.DeepClone();
            channelStatuses.Add(new JsonObject { ["channel"] = References.To(KnativeKinds.InMemoryChannel, ns, name), ["ready"] = References.ReadyOf(channel) });
            subscriptionStatuses.Add(new JsonObject { ["subscription"] = References.To(KnativeKinds.Subscription, ns, name), ["ready"] = References.ReadyOf(subscription) });
        }
        var conditions = new Conditions(declaration.Status, time)
            .Set("ChannelsReady", channelsReady, channelsReady ? "ChannelsReady" : "ChannelsNotReady", channelsReady ? null : "not every step's channel is Ready")
            .Set("SubscriptionsReady", subscriptionsReady, subscriptionsReady ? "SubscriptionsReady" : "SubscriptionsNotReady",
                subscriptionsReady ? null : "not every step's subscription is Ready (see subscriptionStatuses)")
            .Set("Addressable", address is not null, address is not null ? "Addressable" : "NotAddressable");
        var status = new JsonObject
        {
            ["observedGeneration"] = declaration.Generation,
            ["conditions"] = conditions.WithReady(),
            ["channelStatuses"] = channelStatuses,
            ["subscriptionStatuses"] = subscriptionStatuses,
        };
        if (address is not null) status["address"] = address;
        return status;
    }

    public Task RemoveAsync(Declaration declaration, CancellationToken cancellation) => Task.CompletedTask;

    public IEnumerable<ObjectKey> DependsOn(Declaration declaration) =>
        DesiredChildren(declaration).Select(c => new ObjectKey(c.Kind, declaration.Namespace, c.Name));
}
