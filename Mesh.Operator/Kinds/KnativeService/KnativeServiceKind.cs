using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.KnativeService;

/// <summary>
/// Knative Serving's <c>serving.knative.dev/v1 Service</c>, in local mode: stored, never run. Its
/// spec is kept as declared; its status (<c>address.url</c>, a <c>Ready</c> condition) is written by
/// whoever runs the service, through the <c>/status</c> subresource, so that a ref to it (the seed's
/// <c>github-message-dumper</c>) resolves to where it listens on the laptop. In Kubernetes mode the
/// cluster's own Services are read instead, as any addressable.
/// </summary>
public sealed class KnativeServiceKind : IKindDefinition
{
    public static readonly ResourceKind Resource = new("serving.knative.dev", "v1", "Service", "services", ["ksvc"], ["all", "knative", "serving", "addressable"]);

    public ResourceKind Kind => Resource;

    public bool IsStoredOnly => true;

    public Admission Admit(JsonObject? previous, JsonObject declared)
    {
        var errors = new FieldErrors();
        if (declared["spec"] is { } spec && spec is not JsonObject) errors.Add("spec", "spec must be an object");
        return errors.Any
            ? Admission.Refused(errors.Items)
            : Admission.Admitted(new JsonObject
            {
                ["apiVersion"] = Kind.ApiVersion,
                ["kind"] = Kind.Kind,
                ["metadata"] = (declared["metadata"] as JsonObject)?.DeepClone() ?? new JsonObject(),
                ["spec"] = (declared["spec"] as JsonObject)?.DeepClone() ?? new JsonObject(),
            });
    }

    public IReconcilable Bind(Declaration declaration) => new StoredOnly(declaration);

    /// <summary>Nothing to drive: the status is what <c>/status</c> last wrote, kept across applies of the spec.</summary>
    private sealed class StoredOnly(Declaration declaration) : IReconcilable
    {
        public Declaration Declaration => declaration;
        public bool Parsed => true;
        public IEnumerable<ObjectKey> DependsOn() => [];
        public IEnumerable<ObjectKey> Affects() => [];
        public IReadOnlyList<ChildDeclaration> DesiredChildren() => [];
        public TimeSpan? RequeueAfter() => null;
        public Task<JsonObject> ReconcileAsync(CancellationToken cancellation) => Task.FromResult(declaration.Status.DeepClone().AsObject());
        public Task RemoveAsync(CancellationToken cancellation) => Task.CompletedTask;
    }
}
