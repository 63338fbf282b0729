using Mesh.Operator.Kinds;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Auth.Rbac;

/// <summary>
/// The four RBAC kinds, served by the local resource API only: admitted as Kubernetes' validation
/// admits them and stored, with nothing to drive in the data plane; each change makes the authorizer
/// read the objects again. Their fields are top-level, as in Kubernetes, and they have no status.
/// </summary>
public abstract class RbacKindDefinition(RbacPolicy policy) : IKindDefinition
{
    public abstract ResourceKind Kind { get; }

    /// <summary>The top-level fields this kind declares (<c>rules</c>, or <c>roleRef</c> and <c>subjects</c>).</summary>
    protected abstract string[] Fields { get; }

    /// <summary>Checks the declared fields; <paramref name="namespace"/> is null for a cluster-scoped kind.</summary>
    protected abstract void Validate(string? @namespace, string name, JsonObject fields, FieldErrors errors);

    /// <summary>What may not change once created (a binding's roleRef).</summary>
    protected virtual void CheckImmutable(JsonObject previous, JsonObject next, FieldErrors errors) { }

    public Admission Admit(JsonObject? previous, JsonObject declared)
    {
        var errors = new FieldErrors();
        var metadata = (declared["metadata"] as JsonObject)?.DeepClone().AsObject() ?? [];
        var fields = new JsonObject(Fields.Where(f => declared[f] is not null).Select(f => KeyValuePair.Create(f, (JsonNode?)declared[f]!.DeepClone())));
        var @namespace = Kind.Namespaced ? FieldReader.TextOf(metadata["namespace"]) : null;
        Validate(@namespace, FieldReader.TextOf(metadata["name"]) ?? "", fields, errors);
        if (previous?["spec"] is JsonObject before) CheckImmutable(before, fields, errors);
        return errors.Any
            ? Admission.Refused(errors.Items)
            : Admission.Admitted(new JsonObject { ["apiVersion"] = Kind.ApiVersion, ["kind"] = Kind.Kind, ["metadata"] = metadata, ["spec"] = fields });
    }

    public IReconcilable Bind(Declaration declaration) => new RbacObject(declaration, policy);

    public JsonObject Present(Declaration declaration)
    {
        var presented = new JsonObject
        {
            ["apiVersion"] = Kind.ApiVersion,
            ["kind"] = Kind.Kind,
            ["metadata"] = declaration.PresentedMetadata(),
        };
        foreach (var (field, value) in declaration.Spec) presented[field] = value?.DeepClone();
        return presented;
    }

    public JsonObject Editable(Declaration declaration) => Present(declaration);

    /// <summary>As in Kubernetes, a binding's <c>roleRef</c> cannot change: delete the binding and create it again.</summary>
    protected static void RoleRefUnchanged(JsonObject previous, JsonObject next, FieldErrors errors)
    {
        if (!JsonNode.DeepEquals(previous["roleRef"], next["roleRef"]))
            errors.Add("roleRef", "cannot change roleRef; delete the binding and create it again");
    }

    private sealed class RbacObject(Declaration declaration, RbacPolicy policy) : IReconcilable
    {
        public Declaration Declaration => declaration;
        public bool Parsed => true;
        public IEnumerable<ObjectKey> DependsOn() => [];
        public IEnumerable<ObjectKey> Affects() => [];
        public IReadOnlyList<ChildDeclaration> DesiredChildren() => [];
        public TimeSpan? RequeueAfter() => null;

        public Task<JsonObject> ReconcileAsync(CancellationToken cancellation)
        {
            policy.Invalidate();
            return Task.FromResult(new JsonObject());
        }

        public Task RemoveAsync(CancellationToken cancellation)
        {
            policy.Invalidate();
            return Task.CompletedTask;
        }
    }
}
