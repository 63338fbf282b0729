using Mesh.Operator.Kinds.InMemoryChannel;
using Mesh.Operator.Kinds.Subscription;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.Sequence;

/// <summary>Sequence (<c>flows.knative.dev/v1</c>): built from channels and subscriptions, as Knative builds it.</summary>
public sealed class SequenceKind(SequenceReconciler reconciler, TimeProvider time) : KindDefinition<SequenceDeclaration>(reconciler, time)
{
    public static ResourceKind Resource { get; } = new("flows.knative.dev", "v1", "Sequence", "sequences", ["seq"], ["all", "knative", "flows", "addressable"]);

    public override ResourceKind Kind => Resource;

    public override IReadOnlyList<ResourceKind> OwnedKinds => [InMemoryChannelKind.Resource, SubscriptionKind.Resource];
}
