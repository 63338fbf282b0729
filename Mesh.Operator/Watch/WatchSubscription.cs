using System.Threading.Channels;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Watch;

/// <summary>
/// One open watch: the events for its kind and namespace, in a bounded queue. A watcher that lets the
/// queue fill is dropped (its queue completes with <see cref="Dropped"/> set) rather than buffered
/// without limit; its client sees the stream end and watches again, as with the API server.
/// </summary>
public sealed class WatchSubscription : IDisposable
{
    private readonly ResourceWatchHub _hub;
    private readonly ResourceKind _kind;
    private readonly string? _namespace;
    private readonly Channel<WatchEvent> _events;

    internal WatchSubscription(ResourceWatchHub hub, ResourceKind kind, string? @namespace, int capacity)
    {
        _hub = hub;
        _kind = kind;
        _namespace = @namespace;
        _events = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public ChannelReader<WatchEvent> Events => _events.Reader;

    /// <summary>Whether the watcher fell behind and was let go.</summary>
    public bool Dropped { get; private set; }

    internal bool Wants(WatchEvent change) =>
        change.Key.Kind == _kind && (_namespace is null || change.Key.Namespace == _namespace);

    /// <returns>False when the queue is full: the watcher is dropped.</returns>
    internal bool Offer(WatchEvent change)
    {
        if (_events.Writer.TryWrite(change)) return true;
        Dropped = true;
        _events.Writer.TryComplete();
        return false;
    }

    public void Dispose()
    {
        _events.Writer.TryComplete();
        _hub.Remove(this);
    }
}
