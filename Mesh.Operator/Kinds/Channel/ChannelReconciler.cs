using Mesh.Operator.Addressing;
using Mesh.Operator.Conditions;
using Mesh.Operator.Kinds.InMemoryChannel;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;

namespace Mesh.Operator.Kinds.Channel;

/// <summary>Channels: an InMemoryChannel of the same name does the work; the Channel shows its address, subscribers and dead-letter sink.</summary>
public sealed class ChannelReconciler(DeclarationStore store, TimeProvider time) : IKindReconciler<ChannelDeclaration>
{
    public IReadOnlyList<ChildDeclaration> DesiredChildren(Declared<ChannelDeclaration> channel) =>
        [new ChildDeclaration(InMemoryChannelKind.Resource, channel.Name, ChannelTemplate.ChannelSpec(channel.Spec.Template, channel.Spec.Delivery))];

    public async Task<JsonObject> ReconcileAsync(Declared<ChannelDeclaration> channel, CancellationToken cancellation)
    {
        var backing = await store.GetAsync(BackingKey(channel));
        var conditions = new ChannelConditions(channel.Status, time);
        conditions.MarkBackingChannel(Readiness.IsReady(backing), channel.Namespace, channel.Name);
        conditions.MarkAddressable(backing?.Status["address"] is not null);
        conditions.MarkDeadLetterSinkFrom(backing);
        conditions.MarkEventPoliciesFrom(backing);
        var status = new JsonObject
        {
            ["observedGeneration"] = channel.Generation,
            ["conditions"] = conditions.ToJson(),
            ["channel"] = KReference.To(InMemoryChannelKind.Resource, channel.Namespace, channel.Name).ToJson(),
        };
        if (backing?.Status["address"] is { } address) status["address"] = address.DeepClone();
        if (backing?.Status["deadLetterSinkUri"] is { } deadLetterSinkUri) status["deadLetterSinkUri"] = deadLetterSinkUri.DeepClone();
        if (backing?.Status["policies"] is { } policies) status["policies"] = policies.DeepClone();
        status["subscribers"] = await SubscribersStatus.OfAsync(store, channel.Namespace, channel.Name);
        return status;
    }

    public IEnumerable<ObjectKey> DependsOn(Declared<ChannelDeclaration> channel) => [BackingKey(channel)];

    private static ObjectKey BackingKey(Declared<ChannelDeclaration> channel) => new(InMemoryChannelKind.Resource, channel.Namespace, channel.Name);
}
