using Mesh.Operator.Resources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Kubernetes;

/// <summary>
/// While this instance leads, watches each kind of the cluster's that a destination (or a
/// SinkBinding's subject) has referred to, never every kind, so that an object that appears, becomes
/// ready or moves re-resolves its dependants. A kind the cluster does not serve yet is waited for:
/// CRDs are watched while one is awaited, and its kind is watched once its CRD serves it. The watches
/// end with the leadership.
/// </summary>
public sealed class AddressableWatches(
    KubernetesConnection connection, ClusterApi api, ClusterDiscovery discovery, IOptions<KubernetesOptions> options,
    TimeProvider time, ILogger<AddressableWatches> logger)
{
    /// <summary>How long discovery is asked again for a kind whose CRD serves it, at most.</summary>
    public static readonly TimeSpan DiscoveryLag = TimeSpan.FromSeconds(60);

    private static readonly ResourceKind Crds = new("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", [], [], Namespaced: false);

    private readonly object _gate = new();
    private readonly HashSet<ResourceKind> _watched = [];
    private readonly HashSet<(string ApiVersion, string Kind)> _awaited = [];
    private bool _crdsWatched;
    private Func<ResourceKind, IWatchHandler>? _handlerFor;
    private CancellationToken _leading = new(canceled: true);

    /// <summary>The kinds watched now.</summary>
    public IReadOnlyCollection<ResourceKind> Kinds
    {
        get { lock (_gate) return [.. _watched]; }
    }

    /// <summary>Begins a term of leadership: no kind is watched until a lookup asks for it.</summary>
    public void Start(Func<ResourceKind, IWatchHandler> handlerFor, CancellationToken leading)
    {
        lock (_gate)
        {
            _watched.Clear();
            _awaited.Clear();
            _crdsWatched = false;
            _handlerFor = handlerFor;
            _leading = leading;
        }
    }

    /// <summary>Makes sure objects of <paramref name="kind"/> are watched; a no-op while not leading.</summary>
    public void Watch(ResourceKind kind)
    {
        KindWatcher watcher;
        CancellationToken leading;
        lock (_gate)
        {
            if (_handlerFor is null || _leading.IsCancellationRequested || !_watched.Add(kind)) return;
            var collection = new KindClient(connection.Client, kind, kind.Namespaced ? options.Value.Namespace : null);
            watcher = new KindWatcher(collection, _handlerFor(kind), logger);
            leading = _leading;
        }
        // The watcher retries with backoff by itself and ends when leadership does.
        _ = Task.Run(() => watcher.RunAsync(leading), leading);
    }

    /// <summary>
    /// A reference named a kind the cluster does not serve: once a CRD serves it, it is watched, and
    /// its watch's first list re-resolves whatever refers to its objects.
    /// </summary>
    public void Await(string apiVersion, string kind)
    {
        KindWatcher watcher;
        CancellationToken leading;
        lock (_gate)
        {
            if (_handlerFor is null || _leading.IsCancellationRequested || !_awaited.Add((apiVersion, kind)) || _crdsWatched) return;
            _crdsWatched = true;
            watcher = new KindWatcher(new ResourceCollection(api, new WatchedResource(Crds, "", "")), new CrdChanges(this), logger);
            leading = _leading;
        }
        _ = Task.Run(() => watcher.RunAsync(leading), leading);
    }

    private async Task CrdsChangedAsync(IEnumerable<JsonObject> crds, CancellationToken cancellation)
    {
        foreach (var crd in crds)
        {
            var group = (string?)crd["spec"]?["group"];
            var kind = (string?)crd["spec"]?["names"]?["kind"];
            var versions = (crd["spec"]?["versions"] as JsonArray ?? []).Select(v => $"{group}/{v?["name"]}");
            List<(string ApiVersion, string Kind)> served;
            lock (_gate) served = [.. _awaited.Where(a => a.Kind == kind && versions.Contains(a.ApiVersion))];
            foreach (var awaited in served)
            {
                if (await TryServedAsync(awaited, cancellation)) continue;
                CancellationToken leading;
                lock (_gate) leading = _leading;
                _ = Task.Run(() => AskAgainAsync(awaited, leading), leading);
            }
        }
    }

    private async Task<bool> TryServedAsync((string ApiVersion, string Kind) awaited, CancellationToken cancellation)
    {
        if (await discovery.FindAsync(awaited.ApiVersion, awaited.Kind, cancellation) is not { } found) return false;
        lock (_gate)
        {
            if (!_awaited.Remove(awaited)) return true;
        }
        Watch(found);
        return true;
    }

    /// <summary>
    /// The API server updates its discovery documents on its own schedule, after a CRD is
    /// Established as often as before, and the CRD's watch may have nothing more to say: so discovery
    /// is asked again, backing off, until it serves the kind.
    /// </summary>
    private async Task AskAgainAsync((string ApiVersion, string Kind) awaited, CancellationToken cancellation)
    {
        var pause = TimeSpan.FromMilliseconds(100);
        for (var until = time.GetUtcNow() + DiscoveryLag; time.GetUtcNow() < until; pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.TicksPerSecond * 5)))
        {
            try
            {
                await Task.Delay(pause, time, cancellation);
                lock (_gate)
                {
                    if (!_awaited.Contains(awaited)) return;
                }
                if (await TryServedAsync(awaited, cancellation)) return;
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException)
            {
                // The API server could not be asked this time; ask again after the next pause.
            }
        }
    }

    private sealed class CrdChanges(AddressableWatches watches) : IWatchHandler
    {
        public Task ResyncAsync(IReadOnlyList<JsonObject> items, CancellationToken cancellation) => watches.CrdsChangedAsync(items, cancellation);
        public Task UpsertAsync(JsonObject obj, CancellationToken cancellation) => watches.CrdsChangedAsync([obj], cancellation);
        public Task DeletedAsync(JsonObject obj, CancellationToken cancellation) => Task.CompletedTask;
    }
}
