using System.Collections.Concurrent;
using Mesh.Operator.Controller;
using Mesh.Operator.Kinds;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Kubernetes;

/// <summary>
/// Turns watched custom resources into the same applies and deletes the local resource API makes,
/// keeps the last object seen of each (for status write-back), and handles finalizers.
/// </summary>
public sealed class KubernetesDeclarations(KindRegistry kinds, ResourceController controller, DeclarationStore store, StatusWriter status, IOptions<KubernetesOptions> options)
{
    private readonly ConcurrentDictionary<ObjectKey, JsonObject> _seen = new();

    /// <summary>What a kind's <see cref="KindWatcher"/> feeds: the kind's objects applied, deleted and finalized here.</summary>
    public IWatchHandler HandlerFor(KindClient client) => new KindChanges(this, client);

    /// <summary>Writes back the status of every object seen where the mesh's differs from the cluster's.</summary>
    public Task FlushStatusAsync(CancellationToken cancellation) => status.FlushAsync(_seen, cancellation);

    /// <summary>After a (re)list: applies every object and deletes what the cluster no longer has.</summary>
    public async Task ResyncAsync(KindClient client, IReadOnlyList<JsonObject> items, CancellationToken cancellation)
    {
        var listed = new HashSet<ObjectKey>();
        foreach (var item in items)
        {
            listed.Add(KeyOf(client.Kind, item));
            await UpsertAsync(client, item, cancellation, force: true);
        }
        foreach (var stored in await store.ListAsync(client.Kind, options.Value.Namespace))
        {
            // Channels and subscriptions a sequence or parallel built live in the mesh only, not in the cluster.
            if (stored.Metadata["ownerReferences"] is not null || listed.Contains(stored.Key)) continue;
            _seen.TryRemove(stored.Key, out _);
            await controller.DeleteAsync(stored.Key, cancellation);
        }
        await status.FlushAsync(_seen, cancellation);
    }

    public async Task UpsertAsync(KindClient client, JsonObject obj, CancellationToken cancellation, bool force = false)
    {
        var kind = kinds.For(client.Kind);
        var key = KeyOf(client.Kind, obj);
        _seen.TryGetValue(key, out var previous);
        _seen[key] = obj;

        if (!kind.IsHandledByMesh(obj))
        {
            _seen.TryRemove(key, out _);
            await controller.DeleteAsync(key, cancellation);
            return;
        }
        if (obj["metadata"]?["deletionTimestamp"] is not null)
        {
            await FinalizeAsync(client, key, obj, cancellation);
            return;
        }
        if (kind.HasExternalEffects && !Finalizers.Has(obj, Finalizers.NameFor(client.Kind)))
            _seen[key] = obj = await client.ReplaceAsync(Finalizers.With(obj, Finalizers.NameFor(client.Kind)), cancellation);
        // A status write comes back as MODIFIED; only a change of what is declared needs a reconcile.
        else if (!force && previous is not null && SameDeclaration(previous, obj))
            return;

        var result = await controller.ApplyAsync(kind, key.Namespace, key.Name, Declared(obj), cancellation);
        if (result.Declaration is null) await status.WriteInvalidAsync(client, obj, result, cancellation);
        if (!force) await status.FlushAsync(_seen, cancellation);
    }

    public async Task DeletedAsync(KindClient client, JsonObject obj, CancellationToken cancellation)
    {
        var key = KeyOf(client.Kind, obj);
        _seen.TryRemove(key, out _);
        await controller.DeleteAsync(key, cancellation);
        await status.FlushAsync(_seen, cancellation);
    }

    /// <summary>Undoes the object's effects, then lets Kubernetes delete it by dropping our finalizer.</summary>
    private async Task FinalizeAsync(KindClient client, ObjectKey key, JsonObject obj, CancellationToken cancellation)
    {
        var finalizer = Finalizers.NameFor(client.Kind);
        if (!Finalizers.Has(obj, finalizer)) return;
        await controller.DeleteAsync(key, cancellation);
        try
        {
            _seen[key] = await client.ReplaceAsync(Finalizers.Without(obj, finalizer), cancellation);
        }
        catch (Exception e) when (KindClient.IsConflictOrMissing(e))
        {
            // A newer version is on its way through the watch, and it will come back here.
        }
    }

    private static bool SameDeclaration(JsonObject a, JsonObject b) =>
        JsonNode.DeepEquals(a["spec"], b["spec"])
        && JsonNode.DeepEquals(a["metadata"]?["labels"], b["metadata"]?["labels"])
        && JsonNode.DeepEquals(a["metadata"]?["annotations"], b["metadata"]?["annotations"])
        && JsonNode.DeepEquals(a["metadata"]?["generation"], b["metadata"]?["generation"]);

    /// <summary>What the controller applies: the object as declared, without what the server keeps.</summary>
    private static JsonObject Declared(JsonObject obj) => new()
    {
        ["apiVersion"] = obj["apiVersion"]?.DeepClone(),
        ["kind"] = obj["kind"]?.DeepClone(),
        ["metadata"] = new JsonObject
        {
            ["name"] = obj["metadata"]!["name"]!.DeepClone(),
            ["namespace"] = obj["metadata"]!["namespace"]!.DeepClone(),
            ["labels"] = obj["metadata"]!["labels"]?.DeepClone(),
            ["annotations"] = obj["metadata"]!["annotations"]?.DeepClone(),
        },
        ["spec"] = obj["spec"]?.DeepClone() ?? new JsonObject(),
    };

    private sealed class KindChanges(KubernetesDeclarations declarations, KindClient client) : IWatchHandler
    {
        public Task ResyncAsync(IReadOnlyList<JsonObject> items, CancellationToken cancellation) => declarations.ResyncAsync(client, items, cancellation);
        public Task UpsertAsync(JsonObject obj, CancellationToken cancellation) => declarations.UpsertAsync(client, obj, cancellation);
        public Task DeletedAsync(JsonObject obj, CancellationToken cancellation) => declarations.DeletedAsync(client, obj, cancellation);
    }

    private static ObjectKey KeyOf(ResourceKind kind, JsonObject obj) =>
        new(kind, (string)obj["metadata"]!["namespace"]!, (string)obj["metadata"]!["name"]!);
}
