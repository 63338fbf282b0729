using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.EventPolicy;

/// <summary>EventPolicy (<c>eventing.knative.dev/v1alpha1</c>): who may send to which brokers and channels, and which events.</summary>
public sealed class EventPolicyKind(EventPolicyReconciler reconciler, TimeProvider time) : KindDefinition<EventPolicyDeclaration>(reconciler, time)
{
    public static ResourceKind Resource { get; } = new("eventing.knative.dev", "v1alpha1", "EventPolicy", "eventpolicies", [], ["all", "knative", "eventing"]);

    public override ResourceKind Kind => Resource;
}
