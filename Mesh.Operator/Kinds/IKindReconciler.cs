using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds;

/// <summary>
/// What a kind does to the data plane, given a declaration admission has already parsed, defaulted
/// and validated: it reconciles only.
/// </summary>
public interface IKindReconciler<TSpec> where TSpec : class, IDeclarationSpec<TSpec>
{
    /// <summary>Drives the data plane to the declaration and returns the status observed.</summary>
    Task<JsonObject> ReconcileAsync(Declared<TSpec> declared, CancellationToken cancellation);

    /// <summary>Undoes the declaration's effects once it is deleted.</summary>
    /// <param name="spec">Null when the stored spec no longer parses: undo what can be undone without it.</param>
    Task RemoveAsync(Declaration declaration, TSpec? spec, CancellationToken cancellation) => Task.CompletedTask;

    /// <summary>The objects whose appearance, change or deletion should re-reconcile this one.</summary>
    IEnumerable<ObjectKey> DependsOn(Declared<TSpec> declared) => [];

    /// <summary>Objects whose status reflects this one, re-reconciled when it changes or goes (a channel's subscribers).</summary>
    IEnumerable<ObjectKey> Affects(Declared<TSpec> declared) => [];

    /// <summary>
    /// Objects this one is built from (a sequence's channels and subscriptions), in the order to apply
    /// them; applied before it is reconciled and deleted with it. Their names must follow from the spec alone.
    /// </summary>
    IReadOnlyList<ChildDeclaration> DesiredChildren(Declared<TSpec> declared) => [];

    /// <summary>When to reconcile again by itself after the reconcile just done (a transient failure's backoff); null for never.</summary>
    TimeSpan? RequeueAfter(Declared<TSpec> declared) => null;
}
