using Mesh.Operator.Resources;

namespace Mesh.Operator.Reconcilers;

/// <summary>Everything the control plane knows about one kind: how to validate it and how to make it so.</summary>
public interface IKindReconciler
{
    ResourceKind Kind { get; }

    /// <summary>Checks the spec of a new or changed declaration; field paths start at <c>spec</c>.</summary>
    void Validate(Declaration declaration, FieldErrors errors);

    /// <summary>Checks what may not change between two generations (immutable fields).</summary>
    void ValidateUpdate(Declaration previous, Declaration next, FieldErrors errors) { }

    /// <summary>Drives the data plane to the declaration and returns the status observed.</summary>
    Task<JsonObject> ReconcileAsync(Declaration declaration, CancellationToken cancellation);

    /// <summary>Undoes the declaration's effects on the data plane once it is deleted.</summary>
    Task RemoveAsync(Declaration declaration, CancellationToken cancellation);

    /// <summary>The objects whose appearance, change or deletion should re-reconcile this one.</summary>
    IEnumerable<ObjectKey> DependsOn(Declaration declaration) => [];

    /// <summary>Objects whose status reflects this one, re-reconciled when it changes or goes (a channel's subscribers).</summary>
    IEnumerable<ObjectKey> Affects(Declaration declaration) => [];

    /// <summary>
    /// Objects this one is built from (a sequence's channels and subscriptions), applied before it
    /// is reconciled and deleted with it. Their names must follow from the spec alone.
    /// </summary>
    IReadOnlyList<ChildDeclaration> DesiredChildren(Declaration declaration) => [];

    /// <summary>The part of an applied body the kind keeps as its spec (core kinds such as Secret keep top-level fields).</summary>
    JsonObject SpecOf(JsonObject body) => body["spec"] as JsonObject ?? [];

    /// <summary>The object as the API answers it (a Secret's values are redacted).</summary>
    JsonObject Present(Declaration declaration) => declaration.ToJson();

    /// <summary>When to reconcile again by itself after the reconcile just done (a transient failure's backoff); null for never.</summary>
    TimeSpan? RequeueAfter(Declaration declaration) => null;

    /// <summary>
    /// Whether deleting an object has effects outside the mesh (a GitHub webhook to delete), so that
    /// in Kubernetes mode it carries a finalizer until <see cref="RemoveAsync"/> has run.
    /// </summary>
    bool HasExternalEffects => false;

    /// <summary>Whether this kind builds itself from owned objects (see <see cref="DesiredChildren"/>).</summary>
    bool OwnsChildren => false;
}
