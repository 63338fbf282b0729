using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Mesh.Grains.Brokers;
using Mesh.Grains.Events;
using Mesh.Grains.Telemetry;

namespace Mesh.Gateway.Ingress;

/// <summary>
/// Group commit for ingress: requests to the same broker or channel that arrive while a publish is in
/// flight, or in the same thread-pool turn, are offered together in the next one, so that under load
/// one grain call and one broadcast carry many events. A lone request is published after one
/// thread-pool hop, so idle latency is all but unchanged.
/// Each request still gets its own answer; a batch shares one outcome, as all its events go to the
/// same target.
/// </summary>
public sealed class IngressBatcher(MeshMetrics? metrics = null)
{
    /// <summary>Events per publish at most, to bound one broadcast message.</summary>
    public const int MaxBatchEvents = 256;

    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.Ordinal);

    /// <summary>Targets with a publish in flight or waiting; a lane goes as soon as it is idle.</summary>
    internal int LaneCount => _lanes.Count;

    public Task<PublishResult> PublishAsync(string target, EventEnvelope[] events, Func<EventEnvelope[], Task<PublishResult>> publish)
    {
        // Lanes exist only while busy, so that posts to made-up names (or to deleted brokers)
        // leave nothing behind. A lane retires under its own lock; a caller that finds it retired
        // takes the next one.
        while (true)
        {
            var lane = _lanes.GetOrAdd(target, static (name, batcher) => new Lane(name, batcher._lanes, batcher._published), this);
            if (lane.TrySubmit(events, publish, out var done)) return done;
        }
    }

    private readonly Histogram<long>? _published = metrics?.IngressPublishEvents;

    private sealed class Lane(string target, ConcurrentDictionary<string, Lane> lanes, Histogram<long>? published)
    {
        private readonly Queue<(EventEnvelope[] Events, TaskCompletionSource<PublishResult> Done)> _waiting = new();
        private bool _publishing;
        private bool _retired;

        public bool TrySubmit(EventEnvelope[] events, Func<EventEnvelope[], Task<PublishResult>> publish, out Task<PublishResult> result)
        {
            var done = new TaskCompletionSource<PublishResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            result = done.Task;
            lock (_waiting)
            {
                if (_retired) return false;
                _waiting.Enqueue((events, done));
                if (_publishing) return true;
                _publishing = true;
            }
            _ = DrainAsync(publish);
            return true;
        }

        private async Task DrainAsync(Func<EventEnvelope[], Task<PublishResult>> publish)
        {
            // Every publish waits for the current turn to end: the requests other threads are
            // reading meanwhile join it. Without this, a publish that returns quickly carried 1.3
            // events on average under wrk (-c64) and every request paid two grain calls. Yielding
            // before the first publish only still left half the publishes with 3 or 4 events
            // (mesh.ingress.publish.events) and cost 16-32 % more CPU per event than the baseline;
            // yielding before each one too, 0-4 %. An idle request still pays one thread-pool hop
            // (the yield after its publish is answered costs it nothing).
            while (true)
            {
                await Task.Yield();
                var batch = new List<(EventEnvelope[] Events, TaskCompletionSource<PublishResult> Done)>();
                var count = 0;
                lock (_waiting)
                {
                    while (_waiting.TryPeek(out var next) && (batch.Count == 0 || count + next.Events.Length <= MaxBatchEvents))
                    {
                        batch.Add(_waiting.Dequeue());
                        count += next.Events.Length;
                    }
                    if (batch.Count == 0)
                    {
                        _publishing = false;
                        _retired = true;
                        lanes.TryRemove(KeyValuePair.Create(target, this));
                        return;
                    }
                }
                try
                {
                    var events = batch.Count == 1 ? batch[0].Events : [.. batch.SelectMany(b => b.Events)];
                    published?.Record(events.Length);
                    var result = await publish(events);
                    foreach (var (_, done) in batch) done.TrySetResult(result);
                }
                catch (Exception e)
                {
                    foreach (var (_, done) in batch) done.TrySetException(e);
                }
            }
        }
    }
}
