using Mesh.Operator.Kinds.InMemoryChannel;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.Channel;

/// <summary>Channel (<c>messaging.knative.dev/v1</c>): a generic channel backed by an InMemoryChannel of the same name; its template never changes.</summary>
public sealed class ChannelKind(ChannelReconciler reconciler, TimeProvider time) : KindDefinition<ChannelDeclaration>(reconciler, time)
{
    public static ResourceKind Resource { get; } = new("messaging.knative.dev", "v1", "Channel", "channels", ["ch"], ["all", "knative", "messaging", "channel", "addressable"]);

    public override ResourceKind Kind => Resource;

    public override IReadOnlyList<ResourceKind> OwnedKinds => [InMemoryChannelKind.Resource];

    public override bool IsChannelable => true;

    protected override void CheckImmutable(Declared<ChannelDeclaration> previous, Declared<ChannelDeclaration> next, FieldErrors errors)
    {
        if (previous.Spec.Template != next.Spec.Template)
            errors.Add("spec.channelTemplate", "channelTemplate is immutable; delete and re-create the channel to change it");
    }
}
