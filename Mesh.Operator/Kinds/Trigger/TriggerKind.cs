using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.Trigger;

/// <summary>Trigger (<c>eventing.knative.dev/v1</c>): one dialect per filter, CESQL that parses; its broker never changes.</summary>
public sealed class TriggerKind(TriggerReconciler reconciler, TimeProvider time) : KindDefinition<TriggerDeclaration>(reconciler, time)
{
    public static ResourceKind Resource { get; } = new("eventing.knative.dev", "v1", "Trigger", "triggers", ["kt"], ["all", "knative", "eventing"]);

    public override ResourceKind Kind => Resource;

    protected override void CheckImmutable(Declared<TriggerDeclaration> previous, Declared<TriggerDeclaration> next, FieldErrors errors)
    {
        if (previous.Spec.Broker != next.Spec.Broker)
            errors.Add("spec.broker", $"broker is immutable (was '{previous.Spec.Broker}'); delete and re-create the trigger to move it");
    }
}
