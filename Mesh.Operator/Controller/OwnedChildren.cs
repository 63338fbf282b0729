using Mesh.Operator.Conditions;
using Mesh.Operator.Kinds;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;

namespace Mesh.Operator.Controller;

/// <summary>
/// The objects a composite (a Channel, Sequence or Parallel) builds itself from: applied with an
/// owner reference before the owner is reconciled, deleted when no longer wanted or when the owner goes.
/// </summary>
public sealed class OwnedChildren(KindRegistry kinds, DeclarationStore store, TimeProvider time)
{
    /// <summary>Applies the desired children in their order and deletes the owner's others; the caller holds the loop's gate.</summary>
    public async Task LevelAsync(Declaration owner, IKindDefinition ownerKind, IReadOnlyList<ChildDeclaration> desired, ReconcileLoop loop, CancellationToken cancellation)
    {
        var desiredKeys = desired.Select(c => new ObjectKey(c.Kind, owner.Namespace, c.Name)).ToHashSet();
        foreach (var stale in await OfAsync(owner, ownerKind))
            if (!desiredKeys.Contains(stale.Key)) await loop.RemoveAsync(kinds.For(stale.Kind).Bind(stale), cancellation);

        var applied = new List<IReconcilable>();
        foreach (var child in desired)
            if (await ApplyAsync(owner, child, loop, cancellation) is { } changed) applied.Add(changed);

        // A child whose status summarises its siblings (a channel listing the subscriptions on it) was
        // reconciled before the later ones were made; reconcile it once more now that they exist.
        var summarised = applied.SelectMany(c => c.Affects()).ToHashSet();
        foreach (var child in desired)
        {
            var key = new ObjectKey(child.Kind, owner.Namespace, child.Name);
            if (summarised.Contains(key) && await store.GetAsync(key) is { } summary) await loop.ReconcileOneAsync(summary, cancellation);
        }
    }

    /// <summary>The stored objects whose owner reference names <paramref name="owner"/>.</summary>
    public async Task<IReadOnlyList<Declaration>> OfAsync(Declaration owner, IKindDefinition ownerKind)
    {
        if (FieldReader.TextOf(owner.Metadata["uid"]) is not { } uid || ownerKind.OwnedKinds.Count == 0) return [];
        var owned = new List<Declaration>();
        foreach (var kind in ownerKind.OwnedKinds)
            foreach (var candidate in await store.ListAsync(kind, owner.Namespace))
                if ((candidate.Metadata["ownerReferences"] as JsonArray)?.Any(r => FieldReader.TextOf(r?["uid"]) == uid) == true)
                    owned.Add(candidate);
        return owned;
    }

    /// <returns>The child as applied and reconciled, or null when it was already level with the owner's spec.</returns>
    private async Task<IReconcilable?> ApplyAsync(Declaration owner, ChildDeclaration child, ReconcileLoop loop, CancellationToken cancellation)
    {
        var key = new ObjectKey(child.Kind, owner.Namespace, child.Name);
        var previous = await store.GetAsync(key);
        var kind = kinds.For(child.Kind);
        var declared = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = child.Name, ["namespace"] = owner.Namespace },
            ["spec"] = child.Spec.DeepClone(),
        };
        // A child is admitted as any declaration is, so it gets its kind's defaults; the owner's
        // validation has already covered what the child is made of.
        var admission = kind.Admit(previous?.Object, declared);
        if (admission.Object is not { } admitted)
            throw new InvalidOperationException($"{key} built from {owner.Key} is invalid: {string.Join("; ", admission.Errors.Select(e => $"{e.Field}: {e.Message}"))}");
        var metadata = DeclarationIdentity.MergeMetadata(previous, (JsonObject)admitted["metadata"]!, owner.Namespace, child.Name, (JsonObject)admitted["spec"]!, time.GetUtcNow());
        metadata["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = owner.Kind.ApiVersion,
            ["kind"] = owner.Kind.Kind,
            ["name"] = owner.Name,
            ["uid"] = owner.Metadata["uid"]?.DeepClone(),
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        });
        admitted["metadata"] = metadata;
        var declaration = new Declaration(child.Kind, admitted, previous?.Status);
        if (previous is not null && JsonNode.DeepEquals(previous.Object, declaration.Object) && Readiness.IsReady(previous))
            return null;
        await store.PutAsync(declaration);
        return await loop.ReconcileOneAsync(declaration, cancellation);
    }
}
