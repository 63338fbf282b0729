using Mesh.Operator.Api;
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
    /// <summary>Applies a whole declared object (PUT, POST): created when missing, else replaced.</summary>
    public Task<ApplyResult> ApplyAsync(IKindDefinition kind, string @namespace, string name, JsonObject body, CancellationToken cancellation,
        WriteGuard? guard = null) =>
        WriteAsync(kind, @namespace, name, _ => (body, null), cancellation, guard);

    /// <summary>
    /// Patches a stored object: <paramref name="patch"/> turns the stored object (as <see cref="IKindDefinition.Editable"/>)
    /// into the declared body, or refuses; the body is then admitted as an apply is. Read, patch and write
    /// happen under the object's lock, so no write in between is lost.
    /// </summary>
    public Task<ApplyResult> PatchAsync(IKindDefinition kind, string @namespace, string name, Func<JsonObject, (JsonObject? Body, IResult? Problem)> patch,
        CancellationToken cancellation, WriteGuard? guard = null) =>
        WriteAsync(kind, @namespace, name, previous => previous is null
            ? (null, ResourceProblems.NotFound(@namespace.Length == 0
                ? $"{kind.Kind.QualifiedName} \"{name}\" not found"
                : $"{kind.Kind.QualifiedName} \"{name}\" not found in namespace \"{@namespace}\""))
            : patch(kind.Editable(previous)), cancellation, guard);

    private Task<ApplyResult> WriteAsync(IKindDefinition kind, string @namespace, string name, Func<Declaration?, (JsonObject? Body, IResult? Problem)> declare,
        CancellationToken cancellation, WriteGuard? guard)
    {
        var key = new ObjectKey(kind.Kind, @namespace, name);
        return kind.IsLeaf ? loop.LeafAsync(key, Apply, cancellation) : loop.ExclusiveAsync(Apply, cancellation);

        async Task<ApplyResult> Apply()
        {
            var previous = await store.GetAsync(key);
            var (body, problem) = declare(previous);
            if (body is null) return ApplyResult.Refused(problem!);
            var errors = new FieldErrors();
            DeclarationIdentity.Check(kind.Kind, @namespace, name, body, errors);
            if (errors.Any) return Invalid(kind.Kind, name, errors.Items);
            if (VersionConflict(kind.Kind, name, body, previous) is { } conflict) return ApplyResult.Refused(conflict);
            var admission = kind.Admit(previous?.Object, DeclarationIdentity.Named(body, @namespace, name));
            if (admission.Object is not { } admitted) return Invalid(kind.Kind, name, admission.Errors);
            if (guard is not null && await guard(admitted, cancellation) is { } refusal) return ApplyResult.Refused(refusal);
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

    /// <summary>
    /// Optimistic concurrency, as Kubernetes has it: a body that names a <c>metadata.resourceVersion</c>
    /// is written only over that version; 409 Conflict when the object changed since.
    /// </summary>
    private static IResult? VersionConflict(ResourceKind kind, string name, JsonObject body, Declaration? previous)
    {
        if (FieldReader.TextOf((body["metadata"] as JsonObject)?["resourceVersion"]) is not { Length: > 0 } expected) return null;
        var actual = previous?.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (expected == actual) return null;
        return ResourceProblems.Conflict(previous is null
            ? $"{kind.QualifiedName} \"{name}\" does not exist, so it has no resourceVersion {expected}; leave metadata.resourceVersion out to create it"
            : $"Operation cannot be fulfilled on {kind.Plural}{(kind.Group.Length == 0 ? "" : "." + kind.Group)} \"{name}\": the object has been modified; please apply your changes to the latest version and try again");
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
