using System.Collections.Concurrent;
using Mesh.Operator.Controller;
using Mesh.Operator.Kinds;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;
using Microsoft.Extensions.Options;
using Mesh.Operator.Kinds.Broker;
using Mesh.Operator.Kinds.Trigger;

namespace Mesh.Operator.Kubernetes;

/// <summary>
/// Turns watched custom resources into the same applies and deletes the local resource API makes,
/// keeps the last object seen of each (for status write-back), handles finalizers, and leaves alone
/// what <see cref="BrokerClassRule"/> says belongs to another broker class.
/// </summary>
public sealed class KubernetesDeclarations(
    KindRegistry kinds, KindClients clients, ResourceController controller, DeclarationStore store, StatusWriter status,
    BrokerClassRule classes, IOptions<KubernetesOptions> options)
{
    // The mesh's objects; only these ever get status written.
    private readonly ConcurrentDictionary<ObjectKey, JsonObject> _seen = new();
    // Triggers of another class's Broker (or of none), kept to take up when their Broker becomes the mesh's.
    private readonly ConcurrentDictionary<ObjectKey, JsonObject> _others = new();
    // A Trigger changes hands from two watchers, its own and the Brokers'; one at a time.
    private readonly SemaphoreSlim _triggers = new(1, 1);

    /// <summary>What a kind's <see cref="KindWatcher"/> feeds: the kind's objects applied, deleted and finalized here.</summary>
    public IWatchHandler HandlerFor(KindClient client) => new KindChanges(this, client);

    /// <summary>Writes back the status of every object seen where the mesh's differs from the cluster's.</summary>
    public Task FlushStatusAsync(CancellationToken cancellation) => status.FlushAsync(_seen, cancellation);

    /// <summary>After a (re)list: applies every object and deletes what the cluster no longer has.</summary>
    public async Task ResyncAsync(KindClient client, IReadOnlyList<JsonObject> items, CancellationToken cancellation)
    {
        var listed = items.Select(item => KeyOf(client.Kind, item)).ToHashSet();
        foreach (var item in items) await UpsertAsync(client, item, cancellation, force: true);
        foreach (var key in _others.Keys.Where(k => k.Kind.Equals(client.Kind) && !listed.Contains(k))) _others.TryRemove(key, out _);
        if (IsBroker(client))
        {
            // Before the unlisted Brokers go: their Triggers may stop being the mesh's, and must not get status.
            classes.Listed(items);
            await RecheckTriggersAsync(null, null, cancellation);
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
        await WithTriggersHeldAsync(client, () => ApplyAsync(client, obj, force, cancellation), cancellation);
        if (IsBroker(client) && classes.Observe(obj))
            await RecheckTriggersAsync((string)obj["metadata"]!["namespace"]!, (string)obj["metadata"]!["name"]!, cancellation);
        if (!force) await status.FlushAsync(_seen, cancellation);
    }

    public async Task DeletedAsync(KindClient client, JsonObject obj, CancellationToken cancellation)
    {
        var key = KeyOf(client.Kind, obj);
        await WithTriggersHeldAsync(client, () =>
        {
            _seen.TryRemove(key, out _);
            _others.TryRemove(key, out _);
            return Task.CompletedTask;
        }, cancellation);
        if (IsBroker(client) && classes.Forget(key.Namespace, key.Name))
            await RecheckTriggersAsync(key.Namespace, key.Name, cancellation);
        await controller.DeleteAsync(key, cancellation);
        await status.FlushAsync(_seen, cancellation);
    }

    private async Task ApplyAsync(KindClient client, JsonObject obj, bool force, CancellationToken cancellation)
    {
        var kind = kinds.For(client.Kind);
        var key = KeyOf(client.Kind, obj);
        // A Trigger and its Broker are created together, but come on two watches: ask the cluster
        // rather than take a Broker not yet seen for one that does not exist.
        if (client.Kind.Equals(TriggerKind.Resource) && classes.UnknownBrokerOf(obj) is { } broker
            && await clients.For(BrokerKind.Resource).GetAsync(broker.Namespace, broker.Name, cancellation) is { } found)
            classes.Observe(found);
        if (!classes.IsOurs(client.Kind, obj))
        {
            _seen.TryRemove(key, out _);
            if (client.Kind.Equals(TriggerKind.Resource)) _others[key] = obj;
            await controller.DeleteAsync(key, cancellation);
            return;
        }
        _others.TryRemove(key, out _);
        _seen.TryGetValue(key, out var previous);
        _seen[key] = obj;

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
    }

    /// <summary>A Broker appeared, went or changed class: its Triggers (all, after a relist) may have changed hands.</summary>
    private async Task RecheckTriggersAsync(string? @namespace, string? broker, CancellationToken cancellation)
    {
        var triggers = clients.For(TriggerKind.Resource);
        // Not waiting for the first Broker list: this may be part of it.
        await WithTriggersHeldAsync(triggers, waitForBrokers: false, async () =>
        {
            var candidates = _seen.Concat(_others)
                .Where(e => e.Key.Kind.Equals(TriggerKind.Resource)
                    && (@namespace is null || (e.Key.Namespace == @namespace && (string?)e.Value["spec"]?["broker"] == broker)))
                .ToList();
            foreach (var (key, trigger) in candidates)
                if (classes.IsOurs(TriggerKind.Resource, trigger) != _seen.ContainsKey(key))
                    await ApplyAsync(triggers, trigger, force: true, cancellation);
        }, cancellation);
    }

    private Task WithTriggersHeldAsync(KindClient client, Func<Task> work, CancellationToken cancellation) =>
        WithTriggersHeldAsync(client, waitForBrokers: true, work, cancellation);

    private async Task WithTriggersHeldAsync(KindClient client, bool waitForBrokers, Func<Task> work, CancellationToken cancellation)
    {
        if (!client.Kind.Equals(TriggerKind.Resource))
        {
            await work();
            return;
        }
        // Whether a Trigger is the mesh's is not known before the Brokers are.
        if (waitForBrokers) await classes.BrokersListed(cancellation);
        await _triggers.WaitAsync(cancellation);
        try
        {
            await work();
        }
        finally
        {
            _triggers.Release();
        }
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

    private static bool IsBroker(KindClient client) => client.Kind.Equals(BrokerKind.Resource);

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
