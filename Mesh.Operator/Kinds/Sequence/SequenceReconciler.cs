using Mesh.Operator.Addressing;
using Mesh.Operator.Conditions;
using Mesh.Operator.Flows;
using Mesh.Operator.Kinds.Channel;
using Mesh.Operator.Kinds.InMemoryChannel;
using Mesh.Operator.Kinds.Subscription;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;

namespace Mesh.Operator.Kinds.Sequence;

/// <summary>
/// Sequences, built as Knative builds them: channel i feeds step i through subscription i, whose
/// reply is channel i+1; the last step replies to the sequence's <c>reply</c>.
/// </summary>
public sealed class SequenceReconciler(DeclarationStore store, TimeProvider time) : IKindReconciler<SequenceDeclaration>
{
    public static string ChildName(string sequence, int step) => $"{sequence}-kn-sequence-{step}";

    // Channels first, so that a subscription replying to a later step's channel resolves at once.
    public IReadOnlyList<ChildDeclaration> DesiredChildren(Declared<SequenceDeclaration> sequence)
    {
        var ns = sequence.Namespace;
        var steps = sequence.Spec.Steps;
        var channels = steps.Select((_, i) => new ChildDeclaration(InMemoryChannelKind.Resource, ChildName(sequence.Name, i), ChannelTemplate.ChannelSpec(sequence.Spec.Template)));
        var subscriptions = steps.Select((step, i) =>
        {
            var reply = i + 1 < steps.Count ? Destination.To(InMemoryChannelKind.Resource, ns, ChildName(sequence.Name, i + 1)) : sequence.Spec.Reply;
            var channel = KReference.To(InMemoryChannelKind.Resource, ns, ChildName(sequence.Name, i));
            return new ChildDeclaration(SubscriptionKind.Resource, ChildName(sequence.Name, i),
                new SubscriptionDeclaration(channel, step.Destination, reply, step.Delivery).ToJson());
        });
        return [.. channels, .. subscriptions];
    }

    public async Task<JsonObject> ReconcileAsync(Declared<SequenceDeclaration> sequence, CancellationToken cancellation)
    {
        var ns = sequence.Namespace;
        var channelStatuses = new JsonArray();
        var subscriptionStatuses = new JsonArray();
        var channelsReady = true;
        var subscriptionsReady = true;
        JsonNode? address = null;
        for (var i = 0; i < sequence.Spec.Steps.Count; i++)
        {
            var name = ChildName(sequence.Name, i);
            var channel = await store.GetAsync(new ObjectKey(InMemoryChannelKind.Resource, ns, name));
            var subscription = await store.GetAsync(new ObjectKey(SubscriptionKind.Resource, ns, name));
            channelsReady &= Readiness.IsReady(channel);
            subscriptionsReady &= Readiness.IsReady(subscription);
            if (i == 0) address = channel?.Status["address"]?.DeepClone();
            channelStatuses.Add(OwnedStatus.Of("channel", InMemoryChannelKind.Resource, ns, name, channel));
            subscriptionStatuses.Add(OwnedStatus.Of("subscription", SubscriptionKind.Resource, ns, name, subscription));
        }
        var conditions = new FlowConditions(sequence.Status, time, "step's ", "subscriptionStatuses");
        conditions.MarkChannels(channelsReady);
        conditions.MarkSubscriptions(subscriptionsReady);
        conditions.MarkAddressable(address is not null);
        var status = new JsonObject
        {
            ["observedGeneration"] = sequence.Generation,
            ["conditions"] = conditions.ToJson(),
            ["channelStatuses"] = channelStatuses,
            ["subscriptionStatuses"] = subscriptionStatuses,
        };
        if (address is not null) status["address"] = address;
        return status;
    }

    public IEnumerable<ObjectKey> DependsOn(Declared<SequenceDeclaration> sequence) =>
        DesiredChildren(sequence).Select(c => new ObjectKey(c.Kind, sequence.Namespace, c.Name));
}
