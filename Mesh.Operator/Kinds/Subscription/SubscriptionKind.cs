using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.Subscription;

/// <summary>Subscription (<c>messaging.knative.dev/v1</c>): its channel is a channel kind in its own namespace, and never changes.</summary>
public sealed class SubscriptionKind(SubscriptionReconciler reconciler, TimeProvider time, Lazy<KindRegistry> kinds) : KindDefinition<SubscriptionDeclaration>(reconciler, time)
{
    public static ResourceKind Resource { get; } = new("messaging.knative.dev", "v1", "Subscription", "subscriptions", ["sub"], ["all", "knative", "messaging"]);

    public override ResourceKind Kind => Resource;

    protected override void Validate(Declared<SubscriptionDeclaration> next, FieldErrors errors)
    {
        var channel = next.Spec.Channel;
        var channelable = kinds.Value.Channelable.Select(k => k.Kind).ToList();
        if (!channelable.Any(channel.IsA))
            errors.Add("spec.channel.kind", $"'{channel.Kind}' ({channel.ApiVersion}) is not a channel kind ({string.Join(" or ", channelable.Select(k => k.Kind))})");
        if (channel.Namespace is { } other && other != next.Namespace)
            errors.Add("spec.channel.namespace", $"'{other}' is not the subscription's namespace; a subscription's channel must be in its own namespace, '{next.Namespace}'");
    }

    protected override void CheckImmutable(Declared<SubscriptionDeclaration> previous, Declared<SubscriptionDeclaration> next, FieldErrors errors)
    {
        if (previous.Spec.Channel != next.Spec.Channel)
            errors.Add("spec.channel", "channel is immutable; delete and re-create the subscription to move it");
    }
}
