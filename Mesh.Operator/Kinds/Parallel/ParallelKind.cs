using Mesh.Operator.Kinds.InMemoryChannel;
using Mesh.Operator.Kinds.Subscription;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.Parallel;

/// <summary>Parallel (<c>flows.knative.dev/v1</c>): built from channels and subscriptions, as Knative builds it.</summary>
public sealed class ParallelKind(ParallelReconciler reconciler, TimeProvider time) : KindDefinition<ParallelDeclaration>(reconciler, time)
{
    public static ResourceKind Resource { get; } = new("flows.knative.dev", "v1", "Parallel", "parallels", [], ["all", "knative", "flows", "addressable"]);

    public override ResourceKind Kind => Resource;

    public override IReadOnlyList<ResourceKind> OwnedKinds => [InMemoryChannelKind.Resource, SubscriptionKind.Resource];
}
