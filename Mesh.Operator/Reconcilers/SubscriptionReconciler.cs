using Mesh.Grains.Delivery;
using Mesh.Grains.Subscriptions;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;

namespace Mesh.Operator.Reconcilers;

/// <summary>Subscriptions: every event on a channel to a subscriber, its replies on to <c>reply</c>.</summary>
public sealed class SubscriptionReconciler(IGrainFactory grains, DeclarationStore store, DestinationResolver resolver, TimeProvider time) : IKindReconciler
{
    public ResourceKind Kind => KnativeKinds.Subscription;

    public void Validate(Declaration declaration, FieldErrors errors)
    {
        var spec = declaration.Spec;
        if (spec["channel"] is not JsonObject channel)
        {
            errors.Add("spec.channel", "channel is required: a reference {apiVersion, kind, name} to a Channel or InMemoryChannel");
        }
        else
        {
            foreach (var field in new[] { "apiVersion", "kind", "name" })
                if (Destinations.Text(channel[field]) is not { Length: > 0 }) errors.Add($"spec.channel.{field}", $"{field} is required");
            if (ChannelKind(channel) is null && Destinations.Text(channel["kind"]) is { Length: > 0 } k)
                errors.Add("spec.channel.kind", $"'{k}' is not a channel kind (Channel or InMemoryChannel)");
        }
        if (spec["subscriber"] is null && spec["reply"] is null)
            errors.Add("spec.subscriber", "a subscription needs a subscriber, a reply, or both");
        Destinations.Validate(spec["subscriber"], "spec.subscriber", errors, required: false);
        Destinations.Validate(spec["reply"], "spec.reply", errors, required: false);
        DeliveryDeclarations.Validate(spec["delivery"], "spec.delivery", errors);
        DeliveryOrderAnnotation.Validate(declaration, errors);
    }

    public void ValidateUpdate(Declaration previous, Declaration next, FieldErrors errors)
    {
        if (!JsonNode.DeepEquals(previous.Spec["channel"], next.Spec["channel"]))
            errors.Add("spec.channel", "channel is immutable; delete and re-create the subscription to move it");
    }

    public async Task<JsonObject> ReconcileAsync(Declaration declaration, CancellationToken cancellation)
    {
        var ns = declaration.Namespace;
        var spec = declaration.Spec;
        var conditions = new Conditions(declaration.Status, time);
        var physical = new JsonObject();

        var channelKey = ChannelKey(declaration);
        var channel = channelKey is null ? null : await store.GetAsync(channelKey);
        var channelReady = Conditions.IsReady(channel);
        conditions.Set("ChannelReady", channelReady,
            channel is null ? "ChannelDoesNotExist" : channelReady ? "ChannelReady" : "ChannelNotReady",
            channel is null ? $"{channelKey?.Kind.Kind ?? "Channel"} {ns}/{Destinations.Text(spec["channel"]?["name"])} does not exist"
                : channelReady ? null : $"{channel.Kind.Kind} {ns}/{channel.Name} is not Ready");

        var unresolved = new List<Resolution>();
        var subscriber = await ResolveOptionalAsync(spec["subscriber"], ns, unresolved);
        var reply = await ResolveOptionalAsync(spec["reply"], ns, unresolved);
        var deadLetterNode = spec["delivery"]?["deadLetterSink"] ?? channel?.Spec["delivery"]?["deadLetterSink"];
        var deadLetter = await ResolveOptionalAsync(deadLetterNode, ns, unresolved);
        if (subscriber?.Uri is { } subscriberUri) physical["subscriberUri"] = subscriberUri.ToString();
        if (subscriber?.Auth?.Audience is { } subscriberAudience) physical["subscriberAudience"] = subscriberAudience;
        if (reply?.Uri is { } replyUri) physical["replyUri"] = replyUri.ToString();
        if (reply?.Auth?.Audience is { } replyAudience) physical["replyAudience"] = replyAudience;
        if (deadLetter?.Uri is { } deadLetterUri) physical["deadLetterSinkUri"] = deadLetterUri.ToString();
        if (deadLetter?.Auth?.Audience is { } deadLetterAudience) physical["deadLetterSinkAudience"] = deadLetterAudience;
        conditions.Set("ReferencesResolved", unresolved.Count == 0,
            unresolved.FirstOrDefault()?.Reason ?? "ReferencesResolved", unresolved.FirstOrDefault()?.Message);

        var channelDelivery = DeliveryDeclarations.Read(channel?.Spec["delivery"], null) ?? DeliverySpec.BrokerDefault;
        var delivery = (DeliveryDeclarations.Read(spec["delivery"], null) ?? new DeliverySpec()).OverridesOn(channelDelivery)
            with { DeadLetterUri = deadLetter?.Uri?.ToString(), DeadLetterAuth = deadLetter?.Auth };
        var active = channelReady && unresolved.Count == 0;
        var grain = grains.GetGrain<ISubscriptionGrain>(declaration.Key.GrainKey);
        await grain.Configure(new SubscriptionSpec($"{ns}/{channel?.Name ?? Destinations.Text(spec["channel"]?["name"])}",
            subscriber?.Uri?.ToString(), reply?.Uri?.ToString(), delivery, active, subscriber?.Auth, reply?.Auth,
            DeliveryOrderAnnotation.Read(declaration)));
        var added = active && await grain.IsSubscribed();
        conditions.Set("AddedToChannel", added, added ? "SubscriptionAdded" : "NotAddedToChannel",
            added ? null : "the subscription takes no events until its channel and references are ready");

        return new JsonObject
        {
            ["observedGeneration"] = declaration.Generation,
            ["conditions"] = conditions.WithReady(),
            ["physicalSubscription"] = physical,
        };
    }

    public Task RemoveAsync(Declaration declaration, CancellationToken cancellation) =>
        grains.GetGrain<ISubscriptionGrain>(declaration.Key.GrainKey).Remove();

    public IEnumerable<ObjectKey> DependsOn(Declaration declaration)
    {
        var ns = declaration.Namespace;
        if (ChannelKey(declaration) is { } channel) yield return channel;
        foreach (var field in new[] { "subscriber", "reply" })
            if (resolver.Target(declaration.Spec[field], ns) is { } target) yield return target;
        if (resolver.Target(declaration.Spec["delivery"]?["deadLetterSink"], ns) is { } dls) yield return dls;
    }

    public IEnumerable<ObjectKey> Affects(Declaration declaration) =>
        ChannelKey(declaration) is { } channel ? [channel] : [];

    private ObjectKey? ChannelKey(Declaration declaration) =>
        declaration.Spec["channel"] is JsonObject channel && ChannelKind(channel) is { } kind && Destinations.Text(channel["name"]) is { } name
            ? new ObjectKey(kind, Destinations.Text(channel["namespace"]) ?? declaration.Namespace, name)
            : null;

    private static ResourceKind? ChannelKind(JsonObject channel)
    {
        var apiVersion = Destinations.Text(channel["apiVersion"]) ?? "";
        var group = apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";
        var kind = Destinations.Text(channel["kind"]);
        return new[] { KnativeKinds.InMemoryChannel, KnativeKinds.Channel }.FirstOrDefault(k => k.Group == group && k.Kind == kind);
    }

    private async Task<Resolution?> ResolveOptionalAsync(JsonNode? destination, string ns, List<Resolution> unresolved)
    {
        if (destination is null) return null;
        var resolution = await resolver.ResolveAsync(destination, ns);
        if (!resolution.Resolved) unresolved.Add(resolution);
        return resolution;
    }
}
