using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds;

/// <summary>A stored declaration bound to its kind's reconciler, its spec parsed once: what the control loop calls.</summary>
public interface IReconcilable
{
    Declaration Declaration { get; }

    /// <summary>Whether the stored spec parses (one written under looser rules may not); if not, it is reported, not reconciled.</summary>
    bool Parsed { get; }

    IEnumerable<ObjectKey> DependsOn();

    IEnumerable<ObjectKey> Affects();

    IReadOnlyList<ChildDeclaration> DesiredChildren();

    Task<JsonObject> ReconcileAsync(CancellationToken cancellation);

    Task RemoveAsync(CancellationToken cancellation);

    TimeSpan? RequeueAfter();
}
