using Mesh.Operator.Resources;
using Mesh.Operator.Store;
using Microsoft.Extensions.Logging;

namespace Mesh.Operator.Reconcilers;

/// <summary>The outcome of an apply: the stored object, or what is wrong with the declaration.</summary>
public sealed record ApplyResult(Declaration? Declaration, bool Created, int ErrorStatus = 0, string? ErrorTitle = null, IReadOnlyList<FieldError>? Errors = null);

/// <summary>
/// Applies and deletes declarations and keeps the data plane level with them: reconciles the object,
/// then everything that refers to it, so that apply order never matters.
/// </summary>
public sealed partial class ResourceController(KindRegistry kinds, DeclarationStore store, TimeProvider time, ILogger<ResourceController> logger) : IDisposable
{
    // One change at a time: reconciles read other objects' status, and dependants must see a settled view.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly DependantsIndex _dependants = new();
    private readonly Dictionary<ObjectKey, ITimer> _requeues = [];
    private readonly CancellationTokenSource _stopping = new();

    public async Task<ApplyResult> ApplyAsync(IKindReconciler reconciler, string @namespace, string name, JsonObject body, CancellationToken cancellation)
    {
        var errors = new FieldErrors();
        DeclarationIdentity.Check(reconciler.Kind, @namespace, name, body, errors);
        if (errors.Any) return Invalid(reconciler.Kind, name, errors);
        var metadata = body["metadata"] as JsonObject ?? [];
        var spec = reconciler.SpecOf(body);

        await _gate.WaitAsync(cancellation);
        try
        {
            var key = new ObjectKey(reconciler.Kind, @namespace, name);
            var previous = await store.GetAsync(key);
            var next = new Declaration(reconciler.Kind, new JsonObject
            {
                ["apiVersion"] = reconciler.Kind.ApiVersion,
                ["kind"] = reconciler.Kind.Kind,
                ["metadata"] = DeclarationIdentity.MergeMetadata(previous, metadata, @namespace, name, spec, time.GetUtcNow()),
                ["spec"] = spec.DeepClone(),
            }, previous?.Status);
            reconciler.Validate(next, errors);
            if (previous is not null) reconciler.ValidateUpdate(previous, next, errors);
            if (errors.Any) return Invalid(reconciler.Kind, name, errors);

            await store.PutAsync(next);
            await ReconcileWithDependantsAsync(next, cancellation);
            return new ApplyResult(await store.GetAsync(key), previous is null);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<Declaration?> DeleteAsync(ObjectKey key, CancellationToken cancellation)
    {
        await _gate.WaitAsync(cancellation);
        try
        {
            var existing = await store.GetAsync(key);
            if (existing is null) return null;
            await RemoveAsync(existing, cancellation);
            await ReconcileDependantsAsync(key, cancellation, kinds.For(key.Kind).Affects(existing));
            return existing;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Something the mesh does not store changed (a Secret in the cluster): reconciles what refers to it.</summary>
    /// <returns>Whether anything refers to it.</returns>
    public async Task<bool> ReconcileDependantsOfAsync(ObjectKey changed, CancellationToken cancellation)
    {
        if (_dependants.Of(changed).Length == 0) return false;
        await _gate.WaitAsync(cancellation);
        try
        {
            await ReconcileDependantsAsync(changed, cancellation);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Runs after a reconcile the controller started by itself (a requeue), so that status reaches
    /// where else it is kept (the cluster, in Kubernetes mode). Default: nothing.
    /// </summary>
    public Func<CancellationToken, Task>? AfterRequeue { get; set; }

    /// <summary>Reconciles every stored object, kinds in registration order (targets before dependants).</summary>
    public async Task ResyncAllAsync(CancellationToken cancellation)
    {
        await _gate.WaitAsync(cancellation);
        try
        {
            foreach (var reconciler in kinds.All)
                foreach (var declaration in await store.ListAsync(reconciler.Kind))
                    await ReconcileOneAsync(declaration, cancellation);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ReconcileWithDependantsAsync(Declaration declaration, CancellationToken cancellation)
    {
        await ReconcileOneAsync(declaration, cancellation);
        await ReconcileDependantsAsync(declaration.Key, cancellation, kinds.For(declaration.Kind).Affects(declaration));
    }

    private async Task ReconcileDependantsAsync(ObjectKey changed, CancellationToken cancellation, IEnumerable<ObjectKey>? affected = null)
    {
        var visited = new HashSet<ObjectKey> { changed };
        var pending = new Queue<ObjectKey>(_dependants.Of(changed).Concat(affected ?? []));
        var stale = new HashSet<ObjectKey>();
        while (pending.TryDequeue(out var key))
        {
            if (!visited.Add(key)) continue;
            if (await store.GetAsync(key) is not { } dependant) continue;
            await ReconcileOneAsync(dependant, cancellation);
            foreach (var next in _dependants.Of(key)) pending.Enqueue(next);
            foreach (var summary in kinds.For(dependant.Kind).Affects(dependant))
                if (visited.Contains(summary)) stale.Add(summary);
        }
        // A status that summarises its dependants (a channel's subscribers) was written before they
        // settled, when the object came after them; write it once more now that they have.
        foreach (var key in stale)
            if (await store.GetAsync(key) is { } summary) await ReconcileOneAsync(summary, cancellation);
    }

    private async Task ReconcileOneAsync(Declaration declaration, CancellationToken cancellation)
    {
        var reconciler = kinds.For(declaration.Kind);
        _dependants.Track(declaration.Key, reconciler.DependsOn(declaration));
        try
        {
            await ApplyChildrenAsync(declaration, reconciler, cancellation);
            var status = await reconciler.ReconcileAsync(declaration, cancellation);
            declaration.Status = status;
            await store.SetStatusAsync(declaration.Key, status);
            ScheduleRequeue(declaration.Key, reconciler.RequeueAfter(declaration));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogReconcileFailed(logger, e, declaration.Key.ToString());
            var status = new JsonObject
            {
                ["observedGeneration"] = declaration.Generation,
                ["conditions"] = new Conditions(declaration.Status, time).Set("Ready", false, "ReconcileFailed", e.Message).WithReady(),
            };
            await store.SetStatusAsync(declaration.Key, status);
        }
    }

    /// <summary>Brings a composite's owned objects level with its spec: applies the desired ones, deletes the rest.</summary>
    private async Task ApplyChildrenAsync(Declaration owner, IKindReconciler reconciler, CancellationToken cancellation)
    {
        if (!reconciler.OwnsChildren) return;
        var desired = reconciler.DesiredChildren(owner);
        var desiredKeys = desired.Select(c => new ObjectKey(c.Kind, owner.Namespace, c.Name)).ToHashSet();
        foreach (var stale in await OwnedByAsync(owner))
            if (!desiredKeys.Contains(stale.Key)) await RemoveAsync(stale, cancellation);

        // Channels first, so that subscriptions replying to a later step's channel resolve at once;
        // then the channels again, so that their status lists the subscriptions just made.
        var changedChannels = new List<Declaration>();
        var anySubscriptionChanged = false;
        foreach (var child in desired.OrderBy(c => KnativeKinds.IsChannel(c.Kind) ? 0 : 1))
        {
            var applied = await ApplyChildAsync(owner, child, cancellation);
            if (applied is null) continue;
            if (KnativeKinds.IsChannel(child.Kind)) changedChannels.Add(applied);
            else anySubscriptionChanged = true;
        }
        if (!anySubscriptionChanged) return;
        foreach (var child in desired.Where(c => KnativeKinds.IsChannel(c.Kind)))
            if (await store.GetAsync(new ObjectKey(child.Kind, owner.Namespace, child.Name)) is { } channel)
                await ReconcileOneAsync(channel, cancellation);
    }

    /// <returns>The child as applied, or null when it was already level with the owner's spec.</returns>
    private async Task<Declaration?> ApplyChildAsync(Declaration owner, ChildDeclaration child, CancellationToken cancellation)
    {
        var key = new ObjectKey(child.Kind, owner.Namespace, child.Name);
        var previous = await store.GetAsync(key);
        var metadata = DeclarationIdentity.MergeMetadata(previous, [], owner.Namespace, child.Name, child.Spec, time.GetUtcNow());
        metadata["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = owner.Kind.ApiVersion,
            ["kind"] = owner.Kind.Kind,
            ["name"] = owner.Name,
            ["uid"] = owner.Metadata["uid"]?.DeepClone(),
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        });
        var declaration = new Declaration(child.Kind, new JsonObject
        {
            ["apiVersion"] = child.Kind.ApiVersion,
            ["kind"] = child.Kind.Kind,
            ["metadata"] = metadata,
            ["spec"] = child.Spec.DeepClone(),
        }, previous?.Status);
        if (previous is not null && JsonNode.DeepEquals(previous.Object, declaration.Object) && Conditions.IsReady(previous))
            return null;
        await store.PutAsync(declaration);
        await ReconcileOneAsync(declaration, cancellation);
        return declaration;
    }

    private async Task RemoveAsync(Declaration declaration, CancellationToken cancellation)
    {
        foreach (var child in await OwnedByAsync(declaration)) await RemoveAsync(child, cancellation);
        await kinds.For(declaration.Kind).RemoveAsync(declaration, cancellation);
        await store.DeleteAsync(declaration.Key);
        _dependants.Track(declaration.Key, []);
        ScheduleRequeue(declaration.Key, null);
    }

    // A reconciler that failed transiently (a GitHub API error) asks to be run again after a backoff;
    // the latest reconcile's answer replaces any earlier request.
    private void ScheduleRequeue(ObjectKey key, TimeSpan? delay)
    {
        lock (_requeues)
        {
            if (_requeues.Remove(key, out var previous)) previous.Dispose();
            if (delay is null || _stopping.IsCancellationRequested) return;
            _requeues[key] = time.CreateTimer(_ => _ = RequeueAsync(key), null, delay.Value, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task RequeueAsync(ObjectKey key)
    {
        try
        {
            await _gate.WaitAsync(_stopping.Token);
            try
            {
                if (await store.GetAsync(key) is { } declaration) await ReconcileWithDependantsAsync(declaration, _stopping.Token);
            }
            finally
            {
                _gate.Release();
            }
            if (AfterRequeue is { } after) await after(_stopping.Token);
        }
        catch (Exception e) when (!_stopping.IsCancellationRequested)
        {
            LogReconcileFailed(logger, e, key.ToString());
        }
        catch (Exception)
        {
            // Shutting down: the next start resyncs everything.
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        lock (_requeues)
        {
            foreach (var timer in _requeues.Values) timer.Dispose();
            _requeues.Clear();
        }
    }

    private async Task<IReadOnlyList<Declaration>> OwnedByAsync(Declaration owner)
    {
        var uid = (string?)owner.Metadata["uid"];
        if (uid is null || !kinds.For(owner.Kind).OwnsChildren) return [];
        var owned = new List<Declaration>();
        foreach (var kind in OwnableKinds)
            foreach (var candidate in await store.ListAsync(kind, owner.Namespace))
                if ((candidate.Metadata["ownerReferences"] as JsonArray)?.Any(r => (string?)r?["uid"] == uid) == true)
                    owned.Add(candidate);
        return owned;
    }

    private IEnumerable<ResourceKind> OwnableKinds => kinds.All.Select(r => r.Kind).Where(k => KnativeKinds.IsChannel(k) || k.Equals(KnativeKinds.Subscription));

    private static ApplyResult Invalid(ResourceKind kind, string name, FieldErrors errors) =>
        new(null, false, StatusCodes.Status422UnprocessableEntity, $"{kind.Kind} \"{name}\" is invalid.", errors.Items);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconciling {Object} failed")]
    private static partial void LogReconcileFailed(ILogger logger, Exception e, string @object);
}
