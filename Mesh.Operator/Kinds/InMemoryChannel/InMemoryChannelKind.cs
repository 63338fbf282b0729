using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.InMemoryChannel;

/// <summary>InMemoryChannel (<c>messaging.knative.dev/v1</c>): the channel the mesh implements; subscriptions may name it.</summary>
public sealed class InMemoryChannelKind(InMemoryChannelReconciler reconciler, TimeProvider time) : KindDefinition<InMemoryChannelDeclaration>(reconciler, time)
{
    public static ResourceKind Resource { get; } = new("messaging.knative.dev", "v1", "InMemoryChannel", "inmemorychannels", ["imc"], ["all", "knative", "messaging", "channel", "addressable"]);

    public override ResourceKind Kind => Resource;

    public override bool IsChannelable => true;
}
