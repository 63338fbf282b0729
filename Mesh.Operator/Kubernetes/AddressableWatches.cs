using Mesh.Operator.Resources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Kubernetes;

/// <summary>
/// While this instance leads, watches each kind of the cluster's that a destination has referred to
/// (never every kind), so that an addressable that appears, becomes ready or moves re-resolves its
/// dependants. The watches end with the leadership.
/// </summary>
public sealed class AddressableWatches(KubernetesConnection connection, IOptions<KubernetesOptions> options, ILogger<AddressableWatches> logger)
{
    private readonly object _gate = new();
    private readonly HashSet<ResourceKind> _watched = [];
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
}
