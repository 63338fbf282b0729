using Mesh.Operator.Kinds;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;

namespace Mesh.Operator.Controller;

/// <summary>
/// Applies and deletes declarations, from the resource API or a cluster's watch: admits them (the
/// kind's defaults, validation and immutability), stores them, and has the loop reconcile them and
/// what depends on them.
/// </summary>
public sealed class ResourceController(DeclarationStore store, ReconcileLoop loop, TimeProvider time)
{
    public Task<ApplyResult> ApplyAsync(IKindDefinition kind, string @namespace, string name, JsonObject body, CancellationToken cancellation)
    {
        var errors = new FieldErrors();
        DeclarationIdentity.Check(kind.Kind, @namespace, name, body, errors);
        if (errors.Any) return Task.FromResult(Invalid(kind.Kind, name, errors.Items));
        var key = new ObjectKey(kind.Kind, @namespace, name);
        return kind.IsLeaf ? loop.LeafAsync(key, Apply, cancellation) : loop.ExclusiveAsync(Apply, cancellation);

        async Task<ApplyResult> Apply()
        {
            var previous = await store.GetAsync(key);
            var admission = kind.Admit(previous?.Object, DeclarationIdentity.Named(body, @namespace, name));
            if (admission.Object is not { } admitted) return Invalid(kind.Kind, name, admission.Errors);
            admitted["metadata"] = DeclarationIdentity.MergeMetadata(previous, (JsonObject)admitted["metadata"]!, @namespace, name, (JsonObject)admitted["spec"]!, time.GetUtcNow());
            var next = new Declaration(kind.Kind, admitted, previous?.Status);
            await store.PutAsync(next);
            await loop.ReconcileWithDependantsAsync(next, cancellation);
            var result = new ApplyResult(await store.GetAsync(key), previous is null);
            // Leaves come by the thousand and are rarely read once applied: their declarations need
            // not stay in memory (about 4 KiB each, text and activation) until the grain is collected.
            if (kind.IsLeaf) await store.ReleaseAsync(key);
            return result;
        }
    }

    /// <summary>Replaces a stored-only object's status (its <c>/status</c> subresource) and reconciles what refers to it.</summary>
    /// <returns>The object with its new status, or null when there is none.</returns>
    public Task<Declaration?> ReplaceStatusAsync(ObjectKey key, JsonObject status, CancellationToken cancellation) =>
        loop.ReplaceStatusAsync(key, status, cancellation);

    /// <returns>The object deleted, or null when there was none.</returns>
    public Task<Declaration?> DeleteAsync(ObjectKey key, CancellationToken cancellation) => loop.DeleteAsync(key, cancellation);

    /// <summary>Something the mesh does not store changed (a Secret in the cluster): reconciles what refers to it.</summary>
    /// <returns>Whether anything refers to it.</returns>
    public Task<bool> ReconcileDependantsOfAsync(ObjectKey changed, CancellationToken cancellation) => loop.ReconcileDependantsOfAsync(changed, cancellation);

    private static ApplyResult Invalid(ResourceKind kind, string name, IReadOnlyList<FieldError> errors) =>
        new(null, false, StatusCodes.Status422UnprocessableEntity, $"{kind.Kind} \"{name}\" is invalid.", errors);
}
