using Mesh.Operator.Kubernetes;
using Mesh.Operator.Resources;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Kinds.Broker;

/// <summary>Broker (<c>eventing.knative.dev/v1</c>): its class defaults to the mesh's; its class and <c>spec.config</c> never change.</summary>
public sealed class BrokerKind(BrokerReconciler reconciler, TimeProvider time, IOptions<KubernetesOptions> kubernetes)
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

    /// <summary>In a cluster, brokers of another class belong to another implementation; one without a class is the mesh's if so configured.</summary>
    public override bool IsHandledByMesh(JsonObject obj) =>
        BrokerClass.Of(obj) is { } brokerClass ? brokerClass == BrokerClass.Mesh : kubernetes.Value.DefaultBrokerClass;
}
