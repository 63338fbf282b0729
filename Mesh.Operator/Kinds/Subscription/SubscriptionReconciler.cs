using Mesh.Grains.Subscriptions;
using Mesh.Operator.Addressing;
using Mesh.Operator.Conditions;
using Mesh.Operator.Delivery;
using Mesh.Operator.Kinds.InMemoryChannel;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;

namespace Mesh.Operator.Kinds.Subscription;

/// <summary>Subscriptions: every event on a channel to a subscriber, its replies on to <c>reply</c>, with the subscription's delivery over the channel's.</summary>
public sealed class SubscriptionReconciler(IGrainFactory grains, DeclarationStore store, DestinationResolver resolver, Lazy<KindRegistry> kinds, TimeProvider time)
    : IKindReconciler<SubscriptionDeclaration>
{
    public async Task<JsonObject> ReconcileAsync(Declared<SubscriptionDeclaration> subscription, CancellationToken cancellation)
    {
        var ns = subscription.Namespace;
        var spec = subscription.Spec;
        var conditions = new SubscriptionConditions(subscription.Status, time);
        var physical = new JsonObject();

        var channelKey = ChannelKey(subscription);
        var channel = channelKey is null ? null : await store.GetAsync(channelKey);
        var channelReady = channelKey is not null && Readiness.IsReady(channel);
        if (spec.Channel.Namespace is { } other && other != ns) conditions.MarkChannelInOtherNamespace(other);
        else if (channel is null) conditions.MarkChannelDoesNotExist(channelKey?.Kind.Kind ?? spec.Channel.Kind, ns, spec.Channel.Name);
        else if (!channelReady) conditions.MarkChannelNotReady(channel.Kind.Kind, ns, channel.Name);
        else conditions.MarkChannelReady();

        // Whatever kind the channel is, the InMemoryChannel of its name carries the delivery it declares.
        var backing = channel?.Kind.Equals(InMemoryChannelKind.Resource) == true
            ? channel
            : await store.GetAsync(new ObjectKey(InMemoryChannelKind.Resource, ns, spec.Channel.Name));
        var delivery = DeliveryLayering.Effective(spec.Delivery, Declared<InMemoryChannelDeclaration>.Read(backing)?.Spec.Delivery);
        var unresolved = new List<Resolution>();
        var subscriber = await ResolveOptionalAsync(spec.Subscriber, ns, unresolved);
        var reply = await ResolveOptionalAsync(spec.Reply, ns, unresolved);
        var deadLetter = await ResolveOptionalAsync(delivery.DeadLetterSink, ns, unresolved);
        if (subscriber?.Uri is { } subscriberUri) physical["subscriberUri"] = subscriberUri.ToString();
        if (subscriber?.Auth?.Audience is { } subscriberAudience) physical["subscriberAudience"] = subscriberAudience;
        if (reply?.Uri is { } replyUri) physical["replyUri"] = replyUri.ToString();
        if (reply?.Auth?.Audience is { } replyAudience) physical["replyAudience"] = replyAudience;
        if (deadLetter?.Uri is { } deadLetterUri) physical["deadLetterSinkUri"] = deadLetterUri.ToString();
        if (deadLetter?.Auth?.Audience is { } deadLetterAudience) physical["deadLetterSinkAudience"] = deadLetterAudience;
        conditions.MarkReferences(unresolved.FirstOrDefault());

        var active = channelReady && unresolved.Count == 0 && (spec.Channel.Namespace ?? ns) == ns;
        var grain = grains.GetGrain<ISubscriptionGrain>(subscription.Key.GrainKey);
        await grain.Configure(new SubscriptionSpec($"{ns}/{spec.Channel.Name}", subscriber?.Uri?.ToString(), reply?.Uri?.ToString(),
            delivery.ToSpec(deadLetter), active, subscriber?.Auth, reply?.Auth, spec.Order));
        conditions.MarkAddedToChannel(active && await grain.IsSubscribed());

        return new JsonObject
        {
            ["observedGeneration"] = subscription.Generation,
            ["conditions"] = conditions.ToJson(),
            ["physicalSubscription"] = physical,
        };
    }

    public Task RemoveAsync(Declaration declaration, SubscriptionDeclaration? spec, CancellationToken cancellation) =>
        grains.GetGrain<ISubscriptionGrain>(declaration.Key.GrainKey).Remove();

    public IEnumerable<ObjectKey> DependsOn(Declared<SubscriptionDeclaration> subscription)
    {
        var ns = subscription.Namespace;
        if (ChannelKey(subscription) is { } channel) yield return channel;
        if (resolver.Target(subscription.Spec.Subscriber, ns) is { } subscriber) yield return subscriber;
        if (resolver.Target(subscription.Spec.Reply, ns) is { } reply) yield return reply;
        if (resolver.Target(subscription.Spec.Delivery?.DeadLetterSink, ns) is { } dls) yield return dls;
    }

    public IEnumerable<ObjectKey> Affects(Declared<SubscriptionDeclaration> subscription) =>
        ChannelKey(subscription) is { } channel ? [channel] : [];

    private ObjectKey? ChannelKey(Declared<SubscriptionDeclaration> subscription) =>
        kinds.Value.Channelable.Select(k => k.Kind).FirstOrDefault(subscription.Spec.Channel.IsA) is { } kind
            ? new ObjectKey(kind, subscription.Spec.Channel.Namespace ?? subscription.Namespace, subscription.Spec.Channel.Name)
            : null;

    private async Task<Resolution?> ResolveOptionalAsync(Destination? destination, string ns, List<Resolution> unresolved)
    {
        if (destination is null) return null;
        var resolution = await resolver.ResolveAsync(destination, ns);
        if (!resolution.Resolved) unresolved.Add(resolution);
        return resolution;
    }
}
