using Mesh.Operator.Kubernetes;
using Mesh.Operator.Resources;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Kinds.SinkBinding;

/// <summary>
/// SinkBinding (<c>sources.knative.dev/v1</c>): it changes other objects (their pod templates), so
/// deleting one needs a finalizer until they are restored; it acts on a Kubernetes cluster's objects,
/// so the local resource API refuses it.
/// </summary>
public sealed class SinkBindingKind(SinkBindingReconciler reconciler, IOptions<OperatorModeOptions> mode, TimeProvider time)
    : KindDefinition<SinkBindingDeclaration>(reconciler, time)
{
    public static ResourceKind Resource { get; } = new("sources.knative.dev", "v1", "SinkBinding", "sinkbindings", [], ["all", "knative", "sources"]);

    public override ResourceKind Kind => Resource;

    public override bool HasExternalEffects => true;

    protected override void Validate(Declared<SinkBindingDeclaration> next, FieldErrors errors) =>
        KubernetesOnly.Check(Resource, mode.Value, errors);
}
