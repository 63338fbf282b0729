using Microsoft.Extensions.Logging;

namespace Mesh.Operator.Kubernetes;

/// <summary>
/// While this instance leads, watches Secrets in each namespace where a source has looked one up,
/// so that a Secret created, changed or deleted later re-reconciles what refers to it, as Knative's
/// informers do. The watches end with the leadership.
/// </summary>
public sealed class SecretWatches(KubernetesConnection connection, ILogger<SecretWatches> logger)
{
    private readonly object _gate = new();
    private readonly HashSet<string> _watched = [];
    private IWatchHandler? _handler;
    private CancellationToken _leading = new(canceled: true);

    /// <summary>The namespaces watched now.</summary>
    public IReadOnlyCollection<string> Namespaces
    {
        get { lock (_gate) return [.. _watched]; }
    }

    /// <summary>Begins a term of leadership: no namespace is watched until a lookup asks for it.</summary>
    public void Start(IWatchHandler handler, CancellationToken leading)
    {
        lock (_gate)
        {
            _watched.Clear();
            _handler = handler;
            _leading = leading;
        }
    }

    /// <summary>Makes sure Secrets in <paramref name="namespace"/> are watched; a no-op while not leading.</summary>
    public void Watch(string @namespace)
    {
        KindWatcher watcher;
        CancellationToken leading;
        lock (_gate)
        {
            if (_handler is null || _leading.IsCancellationRequested || !_watched.Add(@namespace)) return;
            watcher = new KindWatcher(new NamespaceSecrets(connection.Client, @namespace), _handler, logger);
            leading = _leading;
        }
        // The watcher retries with backoff by itself and ends when leadership does.
        _ = Task.Run(() => watcher.RunAsync(leading), leading);
    }
}
