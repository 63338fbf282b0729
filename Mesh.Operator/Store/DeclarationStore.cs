using Mesh.Operator.Resources;
using Mesh.Operator.Watch;
using Mesh.Grains.Hosting;

namespace Mesh.Operator.Store;

/// <summary>
/// Reads and writes declarations through their grains, so every silo sees the same objects. Every
/// write gets a new <c>metadata.resourceVersion</c> and is told to this process's watchers.
/// </summary>
public sealed class DeclarationStore(IGrainFactory grains, ResourceWatchHub watches)
{
    private const int ReadsAtOnce = 64;

    public async Task<Declaration?> GetAsync(ObjectKey key)
    {
        var record = await grains.Get<IDeclarationGrain>(key.StoreKey).Get();
        return record is null ? null : ToDeclaration(key.Kind, record);
    }

    public async Task<IReadOnlyList<Declaration>> ListAsync(ResourceKind kind, string? @namespace = null)
    {
        var names = await Index(kind).List();
        return await ReadAsync(kind, names.Where(n => @namespace is null || n.StartsWith(@namespace + "/", StringComparison.Ordinal)));
    }

    /// <summary>The keys of every stored object of a kind, without reading the objects.</summary>
    public async Task<IReadOnlyList<ObjectKey>> ListKeysAsync(ResourceKind kind) =>
        [.. (await Index(kind).List()).Select(n => KeyOf(kind, n))];

    /// <summary>
    /// Up to <paramref name="limit"/> objects whose <c>namespace/name</c> sorts after <paramref name="after"/>
    /// (ordinal order), the key of the last one, and how many more there are.
    /// </summary>
    public async Task<(IReadOnlyList<Declaration> Items, string? LastKey, int Remaining)> ListPageAsync(
        ResourceKind kind, string? @namespace, string? after, int? limit)
    {
        var names = (await Index(kind).List())
            .Where(n => @namespace is null || n.StartsWith(@namespace + "/", StringComparison.Ordinal))
            .Where(n => after is null || string.CompareOrdinal(n, after) > 0)
            .ToList();
        var page = limit is { } count ? names.Take(count).ToList() : names;
        return (await ReadAsync(kind, page), page.LastOrDefault(), names.Count - page.Count);
    }

    public async Task PutAsync(Declaration declaration)
    {
        var record = new DeclarationRecord(declaration.Object.ToJsonString(), declaration.Status.ToJsonString(), watches.Clock.Next());
        var outcome = await grains.Get<IDeclarationGrain>(declaration.Key.StoreKey).Put(record);
        await Index(declaration.Kind).Add(declaration.Key.GrainKey);
        if (outcome != PutOutcome.Unchanged)
            watches.Publish(new WatchEvent(outcome == PutOutcome.Created ? WatchEventType.Added : WatchEventType.Modified, declaration.Key, record));
    }

    public async Task SetStatusAsync(ObjectKey key, JsonObject status)
    {
        if (await grains.Get<IDeclarationGrain>(key.StoreKey).SetStatus(status.ToJsonString(), watches.Clock.Next()) is { } written)
            watches.Publish(new WatchEvent(WatchEventType.Modified, key, written));
    }

    /// <summary>Frees the memory an object's activation holds (its object and status text); the next read loads it again.</summary>
    public Task ReleaseAsync(ObjectKey key) => grains.Get<IDeclarationGrain>(key.StoreKey).Release();

    public async Task DeleteAsync(ObjectKey key)
    {
        var removed = await grains.Get<IDeclarationGrain>(key.StoreKey).Delete();
        await Index(key.Kind).Remove(key.GrainKey);
        // As in Kubernetes, the deletion has a version of its own, after the object's last one.
        if (removed is not null) watches.Publish(new WatchEvent(WatchEventType.Deleted, key, removed with { ResourceVersion = watches.Clock.Next() }));
    }

    // A bounded number of reads in flight: thousands at once queue activations until the last ones time out.
    private async Task<IReadOnlyList<Declaration>> ReadAsync(ResourceKind kind, IEnumerable<string> names)
    {
        var found = new List<Declaration>();
        foreach (var chunk in names.Chunk(ReadsAtOnce))
            found.AddRange((await Task.WhenAll(chunk.Select(n => GetAsync(KeyOf(kind, n))))).OfType<Declaration>());
        return found;
    }

    private static ObjectKey KeyOf(ResourceKind kind, string name)
    {
        var slash = name.IndexOf('/');
        return new ObjectKey(kind, name[..slash], name[(slash + 1)..]);
    }

    private IDeclarationIndexGrain Index(ResourceKind kind) => grains.Get<IDeclarationIndexGrain>($"{kind.Group}/{kind.Plural}");

    /// <summary>The declaration a stored record holds.</summary>
    public static Declaration ToDeclaration(ResourceKind kind, DeclarationRecord record) => new(
        kind,
        JsonNode.Parse(record.ObjectJson)!.AsObject(),
        record.StatusJson is null ? null : JsonNode.Parse(record.StatusJson)!.AsObject())
    {
        ResourceVersion = record.ResourceVersion,
    };
}
