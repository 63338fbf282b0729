using Mesh.Grains.Channels;
using Mesh.Grains.Delivery;
using Mesh.Operator.Hosting;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;

namespace Mesh.Operator.Reconcilers;

/// <summary>InMemoryChannels: an ingress address and a channel grain that hands every event to every subscription.</summary>
public sealed class InMemoryChannelReconciler(IGrainFactory grains, DeclarationStore store, DestinationResolver resolver, PublicAddress address, TimeProvider time) : IKindReconciler
{
    public ResourceKind Kind => KnativeKinds.InMemoryChannel;

    public void Validate(Declaration declaration, FieldErrors errors) =>
        DeliveryDeclarations.Validate(declaration.Spec["delivery"], "spec.delivery", errors);

    public async Task<JsonObject> ReconcileAsync(Declaration declaration, CancellationToken cancellation)
    {
        var conditions = new Conditions(declaration.Status, time);
        var status = new JsonObject();
        var deliveryNode = declaration.Spec["delivery"];
        var deadLetter = await resolver.ResolveDeadLetterAsync(deliveryNode?["deadLetterSink"], declaration.Namespace, conditions, status);
        var ready = deadLetter is null || deadLetter.Resolved;
        await grains.GetGrain<IChannelGrain>(declaration.Key.GrainKey).Configure(
            new ChannelSpec(DeliveryDeclarations.Read(deliveryNode, deadLetter?.Uri?.ToString(), deadLetter?.Auth)), ready);

        conditions.Set("Addressable", true, "Addressable").Set("DispatcherReady", true, "DispatcherReady");
        status["observedGeneration"] = declaration.Generation;
        status["conditions"] = conditions.WithReady();
        var url = address.For($"/channels/{declaration.Namespace}/{declaration.Name}");
        status["address"] = new JsonObject { ["name"] = url.StartsWith("https:", StringComparison.Ordinal) ? "https" : "http", ["url"] = url, ["audience"] = Audiences.Of(Kind, declaration) };
        status["subscribers"] = await SubscribersAsync(store, declaration);
        return status;
    }

    public Task RemoveAsync(Declaration declaration, CancellationToken cancellation) =>
        grains.GetGrain<IChannelGrain>(declaration.Key.GrainKey).Remove();

    public IEnumerable<ObjectKey> DependsOn(Declaration declaration) =>
        resolver.Target(declaration.Spec["delivery"]?["deadLetterSink"], declaration.Namespace) is { } target ? [target] : [];

    /// <summary><c>status.subscribers</c>: each subscription on a channel of this name, with its readiness.</summary>
    internal static async Task<JsonArray> SubscribersAsync(DeclarationStore store, Declaration channel)
    {
        var subscribers = new JsonArray();
        foreach (var subscription in await store.ListAsync(KnativeKinds.Subscription, channel.Namespace))
        {
            if (Destinations.Text(subscription.Spec["channel"]?["name"]) != channel.Name) continue;
            var ready = Conditions.ReadyCondition(subscription);
            subscribers.Add(new JsonObject
            {
                ["uid"] = subscription.Metadata["uid"]?.DeepClone(),
                ["name"] = subscription.Name,
                ["observedGeneration"] = subscription.Generation,
                ["ready"] = ready?["status"]?.DeepClone() ?? "Unknown",
                ["message"] = ready?["message"]?.DeepClone(),
            });
        }
        return subscribers;
    }
}
