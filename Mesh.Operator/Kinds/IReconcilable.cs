using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds;

/// <summary>A stored declaration bound to its kind's reconciler, its spec parsed once: what the control loop calls.</summary>
public interface IReconcilable
{
    Declaration Declaration { get; }

    IEnumerable<ObjectKey> DependsOn();

    IEnumerable<ObjectKey> Affects();

    IReadOnlyList<ChildDeclaration> DesiredChildren();

    Task<JsonObject> ReconcileAsync(CancellationToken cancellation);

    Task RemoveAsync(CancellationToken cancellation);

    TimeSpan? RequeueAfter();
}
