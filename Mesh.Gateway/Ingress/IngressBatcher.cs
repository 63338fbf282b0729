using System.Collections.Concurrent;
using Mesh.Grains.Brokers;
using Mesh.Grains.Events;

namespace Mesh.Gateway.Ingress;

/// <summary>
/// Group commit for ingress: requests to the same broker or channel that arrive while a publish is in
/// flight are offered together in the next one, so that under load one grain call and one broadcast
/// enqueue carry many events. A lone request is published at once, so idle latency is unchanged.
/// Each request still gets its own answer; a batch shares one outcome, as all its events go to the
/// same target.
/// </summary>
public sealed class IngressBatcher
{
    /// <summary>Events per publish at most, to bound one broadcast message.</summary>
    public const int MaxBatchEvents = 256;

    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.Ordinal);

    public Task<PublishResult> PublishAsync(string target, EventEnvelope[] events, Func<EventEnvelope[], Task<PublishResult>> publish) =>
        _lanes.GetOrAdd(target, _ => new Lane()).SubmitAsync(events, publish);

    private sealed class Lane
    {
        private readonly Queue<(EventEnvelope[] Events, TaskCompletionSource<PublishResult> Done)> _waiting = new();
        private bool _publishing;

        public Task<PublishResult> SubmitAsync(EventEnvelope[] events, Func<EventEnvelope[], Task<PublishResult>> publish)
        {
            var done = new TaskCompletionSource<PublishResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_waiting)
            {
                _waiting.Enqueue((events, done));
                if (_publishing) return done.Task;
                _publishing = true;
            }
            _ = DrainAsync(publish);
            return done.Task;
        }

        private async Task DrainAsync(Func<EventEnvelope[], Task<PublishResult>> publish)
        {
            while (true)
            {
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
                        return;
                    }
                }
                try
                {
                    var events = batch.Count == 1 ? batch[0].Events : [.. batch.SelectMany(b => b.Events)];
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
