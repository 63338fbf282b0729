using Mesh.Operator.Conditions;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds;

/// <summary>
/// <see cref="IReconcilable"/> for a typed kind. A stored spec that no longer parses (written by an
/// older version under looser rules) is reported as Ready False rather than reconciled.
/// </summary>
internal sealed class BoundDeclaration<TSpec>(Declaration declaration, Declared<TSpec>? declared, FieldErrors errors, IKindReconciler<TSpec> reconciler, TimeProvider time)
    : IReconcilable where TSpec : class, IDeclarationSpec<TSpec>
{
    public Declaration Declaration => declaration;

    public bool Parsed => declared is not null;

    public IEnumerable<ObjectKey> DependsOn() => declared is null ? [] : reconciler.DependsOn(declared);

    public IEnumerable<ObjectKey> Affects() => declared is null ? [] : reconciler.Affects(declared);

    public IReadOnlyList<ChildDeclaration> DesiredChildren() => declared is null ? [] : reconciler.DesiredChildren(declared);

    public Task<JsonObject> ReconcileAsync(CancellationToken cancellation) =>
        declared is not null
            ? reconciler.ReconcileAsync(declared, cancellation)
            : Task.FromResult(new JsonObject
            {
                ["observedGeneration"] = declaration.Generation,
                ["conditions"] = ConditionSet.Failed(declaration.Status, time, "InvalidSpec",
                    string.Join("; ", errors.Items.Select(e => $"{e.Field}: {e.Message}"))),
            });

    public Task RemoveAsync(CancellationToken cancellation) => reconciler.RemoveAsync(declaration, declared?.Spec, cancellation);

    public TimeSpan? RequeueAfter() => declared is null ? null : reconciler.RequeueAfter(declared);
}
