using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.Broker;

/// <summary>Broker (<c>eventing.knative.dev/v1</c>): its class defaults to the mesh's; its class and <c>spec.config</c> never change.</summary>
public sealed class BrokerKind(BrokerReconciler reconciler, TimeProvider time)
    : KindDefinition<BrokerDeclaration>(reconciler, time)
{
    public static ResourceKind Resource { get; } = new("eventing.knative.dev", "v1", "Broker", "brokers", ["kb"], ["all", "knative", "eventing", "addressable"]);

    public override ResourceKind Kind => Resource;

    protected override void SetDefaults(JsonObject obj) => BrokerClass.SetDefault(obj);

    protected override void CheckImmutable(Declared<BrokerDeclaration> previous, Declared<BrokerDeclaration> next, FieldErrors errors)
    {
        if (previous.Spec.Class != next.Spec.Class)
            errors.Add("metadata.annotations", $"{BrokerClass.Annotation} is immutable (was '{previous.Spec.Class}'); delete and re-create the broker to change its class");
        if (!JsonNode.DeepEquals(previous.Spec.Config, next.Spec.Config))
            errors.Add("spec.config", "config is immutable; delete and re-create the broker to change it");
    }
}
