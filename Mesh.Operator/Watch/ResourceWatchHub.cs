using Mesh.Operator.Resources;
using Mesh.Operator.Store;

namespace Mesh.Operator.Watch;

/// <summary>
/// The writes of this process, for watchers: each write is handed to every watcher of its kind (and
/// namespace), and the last <see cref="History"/> writes are kept so that a watch can resume from a
/// <c>resourceVersion</c>. A resume from before the oldest kept write (or from before this process
/// started) is refused as too old, as the API server answers 410 Gone once its cache moved on.
/// </summary>
public sealed class ResourceWatchHub
{
    /// <summary>How many writes are kept for watches that resume.</summary>
    public const int History = 1024;

    /// <summary>How many events a watcher may have unread before it is dropped.</summary>
    public const int WatcherCapacity = 512;

    /// <summary>How many watches may be open at once by default (<c>Mesh:MaxWatches</c>).</summary>
    public const int DefaultMaxWatchers = 1000;

    private readonly object _lock = new();
    private readonly Queue<WatchEvent> _history = new();
    private readonly List<WatchSubscription> _watchers = [];
    private readonly int _historySize;
    private readonly int _watcherCapacity;
    private readonly int _maxWatchers;
    private long _horizon;

    public ResourceWatchHub(ResourceVersionClock clock, int historySize = History, int watcherCapacity = WatcherCapacity, int maxWatchers = DefaultMaxWatchers)
    {
        _historySize = historySize;
        _watcherCapacity = watcherCapacity;
        _maxWatchers = maxWatchers;
        // Nothing written before this moment is known: a resume from an earlier version is too old.
        _horizon = clock.Next();
        Clock = clock;
    }

    public ResourceVersionClock Clock { get; }

    /// <summary>The version a list taken now is consistent with: a watch from it misses nothing written after.</summary>
    public long CurrentVersion
    {
        get
        {
            lock (_lock) return Math.Max(_horizon, Clock.Last);
        }
    }

    public void Publish(WatchEvent change)
    {
        lock (_lock)
        {
            _history.Enqueue(change);
            while (_history.Count > _historySize) _horizon = _history.Dequeue().ResourceVersion;
            for (var i = _watchers.Count - 1; i >= 0; i--)
            {
                var watcher = _watchers[i];
                if (watcher.Wants(change) && !watcher.Offer(change)) _watchers.RemoveAt(i);
            }
        }
    }

    /// <summary>
    /// Starts a watch of one kind (in one namespace, or all when null). With <paramref name="since"/>,
    /// the writes after that version are delivered first.
    /// </summary>
    /// <returns>The subscription, or null when <paramref name="since"/> is older than the writes kept.</returns>
    /// <exception cref="WatchLimitException">As many watches as allowed are open: each holds a connection and a queue.</exception>
    public WatchSubscription? Subscribe(ResourceKind kind, string? @namespace, long? since = null)
    {
        lock (_lock)
        {
            if (_watchers.Count >= _maxWatchers) throw new WatchLimitException(_maxWatchers);
            if (since is { } version && version < _horizon) return null;
            var subscription = new WatchSubscription(this, kind, @namespace, _watcherCapacity);
            if (since is { } after)
                foreach (var change in _history)
                    if (change.ResourceVersion > after && subscription.Wants(change) && !subscription.Offer(change)) return subscription;
            _watchers.Add(subscription);
            return subscription;
        }
    }

    /// <summary>How many watches are open (for tests and metrics).</summary>
    public int WatcherCount
    {
        get
        {
            lock (_lock) return _watchers.Count;
        }
    }

    internal void Remove(WatchSubscription subscription)
    {
        lock (_lock) _watchers.Remove(subscription);
    }
}
