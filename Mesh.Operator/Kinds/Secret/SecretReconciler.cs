using Mesh.Operator.Conditions;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.Secret;

/// <summary>Secrets drive nothing themselves: the sources that refer to them are reconciled again when they change.</summary>
public sealed class SecretReconciler(TimeProvider time) : IKindReconciler<SecretDeclaration>
{
    public Task<JsonObject> ReconcileAsync(Declared<SecretDeclaration> secret, CancellationToken cancellation) =>
        Task.FromResult(new JsonObject
        {
            ["observedGeneration"] = secret.Generation,
            ["conditions"] = ConditionSet.ReadyOnly.Manage(secret.Status, time).ToJson(),
        });
}
