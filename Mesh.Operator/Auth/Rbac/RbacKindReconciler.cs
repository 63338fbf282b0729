using Mesh.Operator.Reconcilers;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Auth.Rbac;

/// <summary>
/// The four RBAC kinds: validated and stored, with nothing to drive in the data plane; each change
/// makes the authorizer read the objects again. Their fields are top-level, as in Kubernetes, and
/// they have no status.
/// </summary>
public abstract class RbacKindReconciler(RbacPolicy policy) : IKindReconciler
{
    public abstract ResourceKind Kind { get; }

    /// <summary>The top-level fields this kind declares (<c>rules</c>, or <c>roleRef</c> and <c>subjects</c>).</summary>
    protected abstract string[] Fields { get; }

    public abstract void Validate(Declaration declaration, FieldErrors errors);

    public virtual void ValidateUpdate(Declaration previous, Declaration next, FieldErrors errors)
    {
    }

    public JsonObject SpecOf(JsonObject body) =>
        new(Fields.Where(f => body[f] is not null).Select(f => KeyValuePair.Create(f, (JsonNode?)body[f]!.DeepClone())));

    public JsonObject Present(Declaration declaration)
    {
        var presented = new JsonObject
        {
            ["apiVersion"] = Kind.ApiVersion,
            ["kind"] = Kind.Kind,
            ["metadata"] = declaration.Metadata.DeepClone(),
        };
        foreach (var (field, value) in declaration.Spec) presented[field] = value?.DeepClone();
        return presented;
    }

    public Task<JsonObject> ReconcileAsync(Declaration declaration, CancellationToken cancellation)
    {
        policy.Invalidate();
        return Task.FromResult(new JsonObject());
    }

    public Task RemoveAsync(Declaration declaration, CancellationToken cancellation)
    {
        policy.Invalidate();
        return Task.CompletedTask;
    }

    protected string? NamespaceOf(Declaration declaration) => Kind.Namespaced ? declaration.Namespace : null;
}
