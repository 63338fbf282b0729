using Mesh.Operator.Resources;
using Mesh.Operator.Store;

namespace Mesh.Operator.Reconcilers;

/// <summary>Channels: a generic channel backed by a channel of its template's kind (InMemoryChannel), of the same name.</summary>
public sealed class ChannelReconciler(DeclarationStore store, TimeProvider time) : IKindReconciler
{
    public ResourceKind Kind => KnativeKinds.Channel;

    public bool OwnsChildren => true;

    public void Validate(Declaration declaration, FieldErrors errors)
    {
        ChannelTemplates.Validate(declaration.Spec["channelTemplate"], "spec.channelTemplate", errors);
        DeliveryDeclarations.Validate(declaration.Spec["delivery"], "spec.delivery", errors);
    }

    public void ValidateUpdate(Declaration previous, Declaration next, FieldErrors errors)
    {
        if (!JsonNode.DeepEquals(previous.Spec["channelTemplate"], next.Spec["channelTemplate"]))
            errors.Add("spec.channelTemplate", "channelTemplate is immutable; delete and re-create the channel to change it");
    }

    public IReadOnlyList<ChildDeclaration> DesiredChildren(Declaration declaration)
    {
        var spec = ChannelTemplates.SpecFor(declaration.Spec["channelTemplate"]);
        if (declaration.Spec["delivery"] is { } delivery) spec["delivery"] = delivery.DeepClone();
        return [new ChildDeclaration(KnativeKinds.InMemoryChannel, declaration.Name, spec)];
    }

    public async Task<JsonObject> ReconcileAsync(Declaration declaration, CancellationToken cancellation)
    {
        var backing = await store.GetAsync(new ObjectKey(KnativeKinds.InMemoryChannel, declaration.Namespace, declaration.Name));
        var ready = Conditions.IsReady(backing);
        var conditions = new Conditions(declaration.Status, time)
            .Set("BackingChannelReady", ready, ready ? "BackingChannelReady" : "BackingChannelNotReady",
                ready ? null : $"InMemoryChannel {declaration.Namespace}/{declaration.Name} is not Ready")
            .Set("Addressable", backing?.Status["address"] is not null, "Addressable");
        var status = new JsonObject
        {
            ["observedGeneration"] = declaration.Generation,
            ["conditions"] = conditions.WithReady(),
            ["channel"] = References.To(KnativeKinds.InMemoryChannel, declaration.Namespace, declaration.Name),
        };
        if (backing?.Status["address"] is { } address) status["address"] = address.DeepClone();
        status["subscribers"] = await InMemoryChannelReconciler.SubscribersAsync(store, declaration);
        return status;
    }

    public Task RemoveAsync(Declaration declaration, CancellationToken cancellation) => Task.CompletedTask;

    public IEnumerable<ObjectKey> DependsOn(Declaration declaration) =>
        [new ObjectKey(KnativeKinds.InMemoryChannel, declaration.Namespace, declaration.Name)];
}
