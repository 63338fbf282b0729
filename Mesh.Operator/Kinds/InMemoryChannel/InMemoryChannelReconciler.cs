using Mesh.Grains.Channels;
using Mesh.Operator.Addressing;
using Mesh.Operator.Delivery;
using Mesh.Operator.Hosting;
using Mesh.Operator.Kinds.Channel;
using Mesh.Operator.Kinds.EventPolicy;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;

namespace Mesh.Operator.Kinds.InMemoryChannel;

/// <summary>InMemoryChannels: an ingress address and a channel grain that hands every event to every subscription.</summary>
public sealed class InMemoryChannelReconciler(IGrainFactory grains, DeclarationStore store, DestinationResolver resolver, EventPolicies policies, PublicAddress address, TimeProvider time)
    : IKindReconciler<InMemoryChannelDeclaration>
{
    public async Task<JsonObject> ReconcileAsync(Declared<InMemoryChannelDeclaration> channel, CancellationToken cancellation)
    {
        var conditions = new InMemoryChannelConditions(channel.Status, time);
        var status = new JsonObject();
        var deadLetter = await DeadLetterSink.ResolveAsync(resolver, channel.Spec.Delivery?.DeadLetterSink, channel.Namespace, status);
        conditions.MarkDeadLetterSink(deadLetter);
        var grain = grains.GetGrain<IChannelGrain>(channel.Key.GrainKey);
        var owner = await store.GetAsync(new ObjectKey(ChannelKind.Resource, channel.Namespace, channel.Name));
        var applied = await policies.ForAsync(channel.Declaration, owner);
        await grain.ConfigureSenders(applied.Rules(Audiences.Of(channel.Declaration.Kind, channel.Declaration)));
        await grain.Configure(new ChannelSpec(), DeadLetterSink.Ready(deadLetter));
        conditions.MarkEventPolicies(applied);

        conditions.MarkAddressable();
        conditions.MarkDispatcherReady();
        status["observedGeneration"] = channel.Generation;
        status["conditions"] = conditions.ToJson();
        status["address"] = AddressStatus.For(address.For($"/channels/{channel.Namespace}/{channel.Name}"), channel.Declaration);
        if (applied.Policies.Count > 0) status["policies"] = applied.StatusPolicies();
        status["subscribers"] = await SubscribersStatus.OfAsync(store, channel.Namespace, channel.Name);
        return status;
    }

    public Task RemoveAsync(Declaration declaration, InMemoryChannelDeclaration? spec, CancellationToken cancellation) =>
        grains.GetGrain<IChannelGrain>(declaration.Key.GrainKey).Remove();

    public IEnumerable<ObjectKey> DependsOn(Declared<InMemoryChannelDeclaration> channel) =>
        resolver.Target(channel.Spec.Delivery?.DeadLetterSink, channel.Namespace) is { } target ? [target] : [];
}
