using Mesh.Operator.Conditions;
using Mesh.Operator.Kinds;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;
using Microsoft.Extensions.Logging;

namespace Mesh.Operator.Controller;

/// <summary>
/// Reconciles one object at a time: binds it to its kind (its spec parsed once), records what it
/// depends on, brings its owned children level, stores the status its reconciler observed and
/// schedules a requeue when asked; then reconciles whatever depends on it, so that apply order never
/// matters.
/// </summary>
public sealed partial class ReconcileLoop
{
    // One change at a time, leaf applies aside: reconciles read other objects' status, and
    // dependants must see a settled view.
    private readonly ApplyGate _gate = new();
    private readonly DependantsIndex _dependants = new();
    private readonly KindRegistry _kinds;
    private readonly DeclarationStore _store;
    private readonly OwnedChildren _children;
    private readonly RequeueTimers _requeues;
    private readonly TimeProvider _time;
    private readonly ILogger<ReconcileLoop> _logger;

    public ReconcileLoop(KindRegistry kinds, DeclarationStore store, RequeueTimers requeues, TimeProvider time, ILogger<ReconcileLoop> logger)
    {
        _kinds = kinds;
        _store = store;
        _requeues = requeues;
        _time = time;
        _logger = logger;
        _children = new OwnedChildren(kinds, store, time);
        requeues.Due = (key, cancellation) => ExclusiveAsync(async () =>
        {
            if (await store.GetAsync(key) is { } declaration) await ReconcileWithDependantsAsync(declaration, cancellation);
            return true;
        }, cancellation);
    }

    /// <summary>Runs <paramref name="work"/> while no other change is being made.</summary>
    public Task<T> ExclusiveAsync<T>(Func<Task<T>> work, CancellationToken cancellation) => _gate.ExclusiveAsync(work, cancellation);

    /// <summary>
    /// Runs the apply of a leaf (<see cref="IKindDefinition.IsLeaf"/>) beside other leaf applies: they
    /// neither read nor change each other, and whatever they read changes only exclusively. Applying
    /// 10,000 triggers one at a time took minutes of waiting on storage; side by side the writes overlap.
    /// </summary>
    public Task<T> LeafAsync<T>(ObjectKey key, Func<Task<T>> work, CancellationToken cancellation) => _gate.LeafAsync(key, work, cancellation);

    public Task<Declaration?> DeleteAsync(ObjectKey key, CancellationToken cancellation) => ExclusiveAsync(async () =>
    {
        if (await _store.GetAsync(key) is not { } existing) return null;
        var bound = _kinds.For(key.Kind).Bind(existing);
        await RemoveAsync(bound, cancellation);
        await ReconcileDependantsAsync(key, bound.Affects(), cancellation);
        return existing;
    }, cancellation);

    public Task<Declaration?> ReplaceStatusAsync(ObjectKey key, JsonObject status, CancellationToken cancellation) => ExclusiveAsync(async () =>
    {
        if (await _store.GetAsync(key) is null) return null;
        await _store.SetStatusAsync(key, status);
        await ReconcileDependantsAsync(key, [], cancellation);
        return await _store.GetAsync(key);
    }, cancellation);

    public async Task<bool> ReconcileDependantsOfAsync(ObjectKey changed, CancellationToken cancellation)
    {
        if (_dependants.Of(changed).Length == 0) return false;
        return await ExclusiveAsync(async () =>
        {
            await ReconcileDependantsAsync(changed, [], cancellation);
            return true;
        }, cancellation);
    }

    /// <summary>Reconciles the object, then what depends on it. The caller holds the gate.</summary>
    internal async Task ReconcileWithDependantsAsync(Declaration declaration, CancellationToken cancellation)
    {
        var bound = await ReconcileOneAsync(declaration, cancellation);
        await ReconcileDependantsAsync(declaration.Key, bound.Affects(), cancellation);
    }

    /// <summary>Reconciles one object and stores its status. The caller holds the gate.</summary>
    internal async Task<IReconcilable> ReconcileOneAsync(Declaration declaration, CancellationToken cancellation)
    {
        var kind = _kinds.For(declaration.Kind);
        var bound = kind.Bind(declaration);
        _dependants.Track(declaration.Key, bound.DependsOn());
        try
        {
            // An owner whose spec no longer parses keeps its children as they are rather than losing them.
            if (kind.OwnedKinds.Count > 0 && bound.Parsed) await _children.LevelAsync(declaration, kind, bound.DesiredChildren(), this, cancellation);
            var status = await bound.ReconcileAsync(cancellation);
            declaration.Status = status;
            await _store.SetStatusAsync(declaration.Key, status);
            _requeues.Schedule(declaration.Key, bound.RequeueAfter());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogReconcileFailed(_logger, e, declaration.Key.ToString());
            await _store.SetStatusAsync(declaration.Key, new JsonObject
            {
                ["observedGeneration"] = declaration.Generation,
                ["conditions"] = ConditionSet.Failed(declaration.Status, _time, "ReconcileFailed", e.Message),
            });
        }
        return bound;
    }

    /// <summary>Deletes an object with what it owns, undoing its effects. The caller holds the gate.</summary>
    internal async Task RemoveAsync(IReconcilable bound, CancellationToken cancellation)
    {
        var declaration = bound.Declaration;
        foreach (var child in await _children.OfAsync(declaration, _kinds.For(declaration.Kind)))
            await RemoveAsync(_kinds.For(child.Kind).Bind(child), cancellation);
        await bound.RemoveAsync(cancellation);
        await _store.DeleteAsync(declaration.Key);
        _dependants.Track(declaration.Key, []);
        _requeues.Schedule(declaration.Key, null);
    }

    private async Task ReconcileDependantsAsync(ObjectKey changed, IEnumerable<ObjectKey> affected, CancellationToken cancellation)
    {
        var visited = new HashSet<ObjectKey> { changed };
        var pending = new Queue<ObjectKey>(_dependants.Of(changed).Concat(affected));
        var stale = new HashSet<ObjectKey>();
        while (pending.TryDequeue(out var key))
        {
            if (!visited.Add(key)) continue;
            if (await _store.GetAsync(key) is not { } dependant) continue;
            var bound = await ReconcileOneAsync(dependant, cancellation);
            foreach (var next in _dependants.Of(key)) pending.Enqueue(next);
            foreach (var summary in bound.Affects())
                if (visited.Contains(summary)) stale.Add(summary);
        }
        // A status that summarises its dependants (a channel's subscribers) was written before they
        // settled, when the object came after them; write it once more now that they have.
        foreach (var key in stale)
            if (await _store.GetAsync(key) is { } summary) await ReconcileOneAsync(summary, cancellation);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconciling {Object} failed")]
    private static partial void LogReconcileFailed(ILogger logger, Exception e, string @object);
}
