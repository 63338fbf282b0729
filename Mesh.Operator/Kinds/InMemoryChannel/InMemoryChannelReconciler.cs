using Mesh.Grains.Channels;
using Mesh.Operator.Addressing;
using Mesh.Operator.Delivery;
using Mesh.Operator.Hosting;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;

namespace Mesh.Operator.Kinds.InMemoryChannel;

/// <summary>InMemoryChannels: an ingress address and a channel grain that hands every event to every subscription.</summary>
public sealed class InMemoryChannelReconciler(IGrainFactory grains, DeclarationStore store, DestinationResolver resolver, PublicAddress address, TimeProvider time)
    : IKindReconciler<InMemoryChannelDeclaration>
{
    public async Task<JsonObject> ReconcileAsync(Declared<InMemoryChannelDeclaration> channel, CancellationToken cancellation)
    {
        var conditions = new InMemoryChannelConditions(channel.Status, time);
        var status = new JsonObject();
        var deadLetter = await DeadLetterSink.ResolveAsync(resolver, channel.Spec.Delivery?.DeadLetterSink, channel.Namespace, status);
        conditions.MarkDeadLetterSink(deadLetter);
        await grains.GetGrain<IChannelGrain>(channel.Key.GrainKey).Configure(new ChannelSpec(), DeadLetterSink.Ready(deadLetter));

        conditions.MarkAddressable();
        conditions.MarkDispatcherReady();
        status["observedGeneration"] = channel.Generation;
        status["conditions"] = conditions.ToJson();
        status["address"] = AddressStatus.For(address.For($"/channels/{channel.Namespace}/{channel.Name}"), channel.Declaration);
        status["subscribers"] = await SubscribersStatus.OfAsync(store, channel.Namespace, channel.Name);
        return status;
    }

    public Task RemoveAsync(Declaration declaration, InMemoryChannelDeclaration? spec, CancellationToken cancellation) =>
        grains.GetGrain<IChannelGrain>(declaration.Key.GrainKey).Remove();

    public IEnumerable<ObjectKey> DependsOn(Declared<InMemoryChannelDeclaration> channel) =>
        resolver.Target(channel.Spec.Delivery?.DeadLetterSink, channel.Namespace) is { } target ? [target] : [];
}
