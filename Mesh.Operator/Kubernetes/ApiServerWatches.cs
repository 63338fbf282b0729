using Mesh.Grains.Sources.ApiServer;
using Mesh.Operator.Resources;
using Microsoft.Extensions.Logging;

namespace Mesh.Operator.Kubernetes;

/// <summary>
/// While this instance leads, the watches of every ApiServerSource: one <see cref="KindWatcher"/>
/// per kind it names (list, then watch from the list's resourceVersion; relist on 410), feeding
/// <see cref="ApiServerChanges"/>. They use the mesh's own credentials, after the reconciler has
/// checked the source's ServiceAccount. A changed plan restarts them; they end with the leadership.
/// </summary>
public sealed class ApiServerWatches(ClusterApi api, IGrainFactory grains, TimeProvider time, ILogger<ApiServerWatches> logger)
{
    private readonly object _gate = new();
    private readonly Dictionary<ObjectKey, (ApiServerWatchPlan Plan, CancellationTokenSource Stop, KindWatcher[] Watchers)> _running = [];
    private CancellationToken _leading = new(canceled: true);

    /// <summary>The CloudEvents <c>source</c> of every ApiServerSource: the API server's URL.</summary>
    public string SourceUrl => api.ServerUrl;

    /// <summary>Begins a term of leadership: nothing is watched until a source's reconcile asks.</summary>
    public void Start(CancellationToken leading)
    {
        lock (_gate)
        {
            foreach (var running in _running.Values) running.Stop.Cancel();
            _running.Clear();
            _leading = leading;
        }
    }

    /// <summary>Whether every kind of the source's plan has been listed once (so later changes are sent as they happen).</summary>
    public bool IsSynced(ObjectKey source)
    {
        lock (_gate) return _running.TryGetValue(source, out var running) && running.Watchers.All(w => w.Synced);
    }

    /// <summary>Watches as <paramref name="plan"/> says, restarting the source's watches if it says something else; a no-op while not leading.</summary>
    public void Ensure(ObjectKey source, ApiServerWatchPlan plan)
    {
        lock (_gate)
        {
            if (_leading.IsCancellationRequested) return;
            if (_running.TryGetValue(source, out var running))
            {
                if (running.Plan.SameAs(plan)) return;
                running.Stop.Cancel();
            }
            var stop = CancellationTokenSource.CreateLinkedTokenSource(_leading);
            var grain = grains.GetGrain<IApiServerSourceGrain>(source.GrainKey);
            var watchers = plan.Resources
                .Select(r => new KindWatcher(new ResourceCollection(api, r), new ApiServerChanges(plan, r, grain, api.ServerUrl, time), logger))
                .ToArray();
            _running[source] = (plan, stop, watchers);
            // Each watcher retries with backoff by itself and ends when the source or the leadership does.
            foreach (var watcher in watchers) _ = Task.Run(() => watcher.RunAsync(stop.Token), stop.Token);
        }
    }

    public void Stop(ObjectKey source)
    {
        lock (_gate)
        {
            if (_running.Remove(source, out var running)) running.Stop.Cancel();
        }
    }
}
