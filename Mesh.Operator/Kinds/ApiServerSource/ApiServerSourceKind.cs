using Mesh.Operator.Kubernetes;
using Mesh.Operator.Resources;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Kinds.ApiServerSource;

/// <summary>
/// ApiServerSource (<c>sources.knative.dev/v1</c>): <c>mode</c> defaults to <c>Reference</c> and
/// <c>serviceAccountName</c> to <c>default</c>, as Knative's do. It watches a Kubernetes API server,
/// so the local resource API refuses it.
/// </summary>
public sealed class ApiServerSourceKind(ApiServerSourceReconciler reconciler, IOptions<OperatorModeOptions> mode, TimeProvider time)
    : KindDefinition<ApiServerSourceDeclaration>(reconciler, time)
{
    public static ResourceKind Resource { get; } = new("sources.knative.dev", "v1", "ApiServerSource", "apiserversources", [], ["all", "knative", "sources"]);

    public override ResourceKind Kind => Resource;

    protected override void SetDefaults(JsonObject obj)
    {
        if (obj["spec"] is not JsonObject spec) return;
        spec["mode"] ??= ApiServerSourceDeclaration.ReferenceMode;
        spec["serviceAccountName"] ??= "default";
    }

    protected override void Validate(Declared<ApiServerSourceDeclaration> next, FieldErrors errors) =>
        KubernetesOnly.Check(Resource, mode.Value, errors);
}
