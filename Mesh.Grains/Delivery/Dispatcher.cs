using System.Globalization;
using System.Threading.Channels;
using Mesh.Grains.Durability;
using Mesh.Grains.Events;
using Mesh.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace Mesh.Grains.Delivery;

/// <summary>
/// One trigger's (or subscription's, or source's) deliveries: its own in-flight slots, retries and
/// dead letters, so that a slow or failing subscriber delays nobody else; and at most
/// <see cref="BacklogOptions.MaxQueued"/> of them in memory, the rest waiting in the journal and
/// read back in acceptance order as the subscriber catches up.
/// </summary>
public sealed class Dispatcher : IAsyncDisposable
{
    private readonly Channel<Queued> _ready = Channel.CreateUnbounded<Queued>(new() { SingleReader = true });
    private readonly object _lock = new();
    // Under _lock: journaled deliveries held in memory, those just finished, and how many are held in all.
    private readonly HashSet<DeliveryKey> _journaled = [];
    private readonly RecentlySettled _settled;
    private readonly BacklogPolicy? _backlog;
    private readonly KeyGate<Queued> _keys = new();
    private int _held;
    private readonly BacklogOptions? _backlogOptions;
    private readonly SemaphoreSlim _signalling = new(1, 1);
    private readonly IEventJournal _journal;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _slots;
    private readonly int _maxInFlight;
    private readonly Task _pump;
    private readonly DeliveryAttempts _attempts;
    private readonly DeliveryLog _log;
    private readonly TimeProvider _time;
    private volatile DispatchTarget _target;

    /// <param name="journal">Where journaled deliveries are settled and rescheduled, and a backlog is read back from.</param>
    /// <param name="backlog">Null keeps every delivery in memory (there is nowhere to spill to).</param>
    public Dispatcher(DispatchTarget target, int maxInFlight, EventSender sender, TimeProvider time, IReplyTarget? replies, MeshMetrics metrics, ILogger logger,
        IEventJournal? journal = null, BacklogOptions? backlog = null)
    {
        _journal = journal ?? new MemoryOnlyJournal();
        _target = target;
        _time = time;
        _settled = new RecentlySettled(time);
        _log = new DeliveryLog(metrics.ForDelivery(target, () => Pending), metrics, logger);
        _backlogOptions = backlog;
        if (backlog is not null) _backlog = new BacklogPolicy(backlog.MaxQueued, _journal.IsDurable);
        // One pump and a slot per request on the wire, rather than a worker per slot: an idle
        // trigger then costs one pending read, which matters with thousands of triggers.
        _maxInFlight = Math.Max(1, maxInFlight);
        _slots = new SemaphoreSlim(_maxInFlight, _maxInFlight);
        _attempts = new DeliveryAttempts(sender, time, replies, _slots, _log);
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Deliveries held in memory: queued, in flight, or waiting for a retry.</summary>
    public long Pending
    {
        get { lock (_lock) return _held; }
    }

    /// <summary>
    /// Whether the dispatcher owes nothing: no delivery held (queued, in flight or waiting for a
    /// retry), nothing left in the journal to read back, no overflow, and no journaled delivery
    /// settled within the last 30 s (whose settle a read by a next activation could still race).
    /// Only then may its grain let it go.
    /// </summary>
    public bool IsIdle
    {
        get
        {
            lock (_lock) return _held == 0 && (_backlog?.Quiet ?? true) && _settled.IsEmpty();
        }
    }

    public DispatchTarget Target { get => _target; set => _target = value; }

    /// <summary>This dispatcher's metrics, spans, tail records and recent failures.</summary>
    public DeliveryTelemetry Telemetry => _log.Telemetry;

    /// <summary>Memory mode: past its limit, events must be journaled before they are handed to this dispatcher.</summary>
    public bool Overflowing
    {
        get { lock (_lock) return _backlog?.Overflowing == true; }
    }

    /// <summary>Queues an event held nowhere else (memory mode); always taken.</summary>
    public void Enqueue(EventEnvelope envelope)
    {
        BacklogAction action;
        lock (_lock)
        {
            _held++;
            action = _backlog?.AfterDirect(_held) ?? BacklogAction.None;
            Schedule(Enter(new Queued(envelope, null, 0, default)));
        }
        _log.Held(1);
        _log.Routed(envelope);
        Run(action);
    }

    /// <summary>
    /// Offers a delivery the journal owes: settled in the journal when finished, its retries recorded
    /// as they are scheduled. False when it is already held or just settled, or when memory is full:
    /// then it waits in the journal and is read back in its turn.
    /// </summary>
    public bool Enqueue(PendingDelivery delivery)
    {
        bool admitted;
        BacklogAction action;
        lock (_lock)
        {
            if (_journaled.Contains(delivery.Key) || _settled.Contains(delivery.Key)) return false;
            (admitted, action) = _backlog?.OfferJournaled(_held) ?? (true, BacklogAction.None);
            if (admitted)
            {
                _journaled.Add(delivery.Key);
                _held++;
                Schedule(Enter(new Queued(delivery.Envelope, delivery.Key, delivery.Attempt, delivery.Due)));
            }
        }
        if (admitted)
        {
            _log.Held(1);
            _log.Routed(delivery.Envelope);
        }
        else _log.Spilled();
        Run(action);
        return admitted;
    }

    /// <summary>Whether this dispatcher already has the delivery: in memory, or just settled.</summary>
    public bool Holds(DeliveryKey key)
    {
        lock (_lock) return _journaled.Contains(key) || _settled.Contains(key);
    }

    /// <summary>The journal may owe deliveries memory does not hold (activation, a lost hand-off): read them back.</summary>
    public void Recheck()
    {
        BacklogAction action;
        lock (_lock) action = _backlog?.Recheck(_held) ?? BacklogAction.None;
        Run(action);
    }

    /// <summary>
    /// The periodic recovery pass on a dispatcher that is already running: it holds what it was
    /// handed, so the journal can only owe it hand-offs that never arrived (a call lost between
    /// silos) or are arriving now. Unlike <see cref="Recheck"/>, which refuses hand-offs while it
    /// reads so that a backlog is read back in acceptance order, this lookup lets them in and only
    /// adds what memory does not hold: refusing them made every event of the next read's duration
    /// wait for a read of its own, each pass. An ordered target, or one with a backlog on disk,
    /// rechecks as before.
    /// </summary>
    public void LookForLost()
    {
        int want;
        lock (_lock)
        {
            if (_backlog is null) return;
            want = _target.Ordered || !_backlog.Quiet ? 0 : _backlog.Capacity - _held;
        }
        if (want > 0) _ = LookForLostAsync(want);
        else Recheck();
    }

    private async Task LookForLostAsync(int want)
    {
        var consumer = _backlogOptions!.Consumer;
        IReadOnlyList<PendingDelivery> lost;
        try
        {
            lost = await _journal.LoadPendingAsync(consumer, Holds, want, _stopping.Token);
        }
        catch (Exception e) when (!_stopping.IsCancellationRequested)
        {
            _log.BacklogReadFailed(consumer, e);
            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }
        // Each is offered as a hand-off would be: one that arrived meanwhile, or was settled, is
        // skipped; past memory's capacity the rest is left on disk and read back in order.
        foreach (var owed in lost) Enqueue(owed);
        // As many as memory had room for: the journal may owe more, which the ordered read finds.
        if (lost.Count == want) Recheck();
    }

    public ValueTask DisposeAsync() => StopAsync(keepTelemetry: false);

    /// <summary>
    /// Stops delivering; what is held in memory is dropped (journaled deliveries stay owed).
    /// <paramref name="keepTelemetry"/> keeps this consumer's counts for its next dispatcher (its
    /// grain is only deactivated); false forgets them (it was deleted).
    /// </summary>
    public async ValueTask StopAsync(bool keepTelemetry)
    {
        _ready.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _pump.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        // Let cancelled deliveries release their slots before the semaphore goes.
        for (var i = 0; i < 50 && _slots.CurrentCount < _maxInFlight; i++) await Task.Delay(100);
        int dropped;
        lock (_lock)
        {
            dropped = _held;
            _held = 0;
        }
        _log.Held(-dropped);
        if (keepTelemetry) _log.Telemetry.Rest();
        else _log.Telemetry.Dispose();
    }

    // Under _lock, in the order deliveries are taken in: an ordered target lets one delivery per
    // partition key through and queues the rest behind it. Returns what may go now.
    private Queued? Enter(Queued item)
    {
        if (!_target.Ordered) return item;
        var key = item.Envelope[CloudEventNames.PartitionKey] ?? "";
        item = item with { Gate = key };
        return _keys.Enter(key, item) ? item : null;
    }

    // Called under _lock, so that deliveries reach the pump in the order they were taken in: a page
    // read back and a hand-off admitted just after it must not overtake one another on the way.
    // A journaled delivery resumed mid-retry waits for the time its retry was due.
    private void Schedule(Queued? item)
    {
        if (item is null) return;
        var wait = item.Key is null ? TimeSpan.Zero : item.Due - _time.GetUtcNow();
        if (wait > TimeSpan.Zero) _ = ReadyAfterAsync(item, wait);
        else _ready.Writer.TryWrite(item);
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var item in _ready.Reader.ReadAllAsync(_stopping.Token))
            {
                await _slots.WaitAsync(_stopping.Token);
                _ = RunAsync(item);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    // Called holding a slot; the slot goes back as soon as the attempt is answered, so that a
    // delivery waiting for its retry occupies memory but never the wire.
    private async Task RunAsync(Queued item)
    {
        var target = _target;
        var envelope = item.Envelope;
        try
        {
            // Behind a broker the subscriber is not sent knativebrokerttl (the sender withholds it,
            // see DeliveryOptionsForSend.WithholdsBrokerTtl): no copy of the attributes per delivery.
            var outgoing = envelope;
            var ttl = 0;
            DeliveryOutcome outcome;
            DeliveryAttempt sending;
            try
            {
                if (target.CountsBrokerHops)
                {
                    ttl = TtlAfterThisHop(envelope);
                    if (ttl <= 0)
                    {
                        _log.Dropped(target, envelope, DropReasons.TtlExpired);
                        Finish(item, settled: true);
                        return;
                    }
                }
                (sending, outcome) = await _attempts.AttemptAsync(outgoing, ttl, target, item.Attempt, _stopping.Token);
            }
            finally
            {
                _slots.Release();
            }
            var policy = new RetryPolicy(target.Delivery);
            if (!outcome.IsSuccess && RetryPolicy.IsRetryable(outcome.StatusCode) && item.Attempt < policy.Retries)
            {
                var delay = policy.DelayBefore(item.Attempt + 1, outcome.StatusCode, outcome.RetryAfter);
                _log.Attempted(target, sending, outcome, delay);
                var next = item with { Attempt = item.Attempt + 1, Due = _time.GetUtcNow() + delay };
                if (next.Key is { } key) _journal.Reschedule(key, next.Attempt, next.Due);
                _ = ReadyAfterAsync(next, delay);
                return;
            }
            _log.Attempted(target, sending, outcome);
            if (outcome.IsSuccess)
            {
                _log.Delivered(outgoing, outcome);
                await _attempts.AfterDeliveredAsync(outgoing, outcome, target, _stopping.Token);
            }
            else await _attempts.DeadLetterAsync(outgoing, target.Subscriber, target, outcome, _stopping.Token);
            Finish(item, settled: true);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: a journaled delivery stays owed and is picked up by the next activation.
        }
        catch (Exception e)
        {
            // A bug in one delivery must not stop the queue, nor come back on every recovery.
            _log.Crashed(target, envelope, e);
            Finish(item, settled: true);
        }
    }

    private async Task ReadyAfterAsync(Queued item, TimeSpan delay)
    {
        try
        {
            await _log.Telemetry.WaitForRetryAsync(delay, _time, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        _ready.Writer.TryWrite(item);
    }

    private void Finish(Queued item, bool settled)
    {
        BacklogAction action;
        Queued? next = null;
        lock (_lock)
        {
            _held--;
            if (item.Key is { } key)
            {
                _journaled.Remove(key);
                if (settled) _settled.Add(key);
            }
            if (item.Gate is { } gate) next = _keys.Leave(gate);
            action = _backlog?.AfterDrain(_held) ?? BacklogAction.None;
        }
        _log.Held(-1);
        // Settled before the next of its key starts: a restart never finds the later one done and this one owed.
        if (settled && item.Key is { } done) _journal.Settle(done);
        if (next is not null)
            lock (_lock) Schedule(next);
        Run(action);
    }

    private void Run(BacklogAction action)
    {
        switch (action)
        {
            case BacklogAction.PageIn:
                _ = PageInAsync();
                break;
            case BacklogAction.StartOverflow or BacklogAction.StopOverflow:
                _ = SignalOverflowAsync();
                break;
        }
    }

    // Reads back what the journal owes beyond what memory holds, in acceptance order, until it owes
    // no more or memory is full again (then the next drain to half resumes it).
    private async Task PageInAsync()
    {
        var consumer = _backlogOptions!.Consumer;
        while (!_stopping.IsCancellationRequested)
        {
            int want;
            long mark;
            lock (_lock)
            {
                want = _backlog!.ReadSize(_held);
                mark = _backlog.Refusals;
            }
            if (want == 0) return;
            IReadOnlyList<PendingDelivery> page;
            try
            {
                page = await _journal.LoadPendingAsync(consumer, Holds, want, _stopping.Token);
            }
            catch (Exception e) when (!_stopping.IsCancellationRequested)
            {
                _log.BacklogReadFailed(consumer, e);
                lock (_lock) _backlog!.ReadFailed();
                await Task.Delay(TimeSpan.FromSeconds(1), _time, _stopping.Token).ContinueWith(_ => { });
                if (!_stopping.IsCancellationRequested) Recheck();
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var taken = new List<EventEnvelope>(page.Count);
            bool more;
            var after = BacklogAction.None;
            // Taken in, gated, queued and the spill possibly ended in one step: a hand-off arriving
            // meanwhile is either refused (and read later) or comes after all of this page.
            lock (_lock)
            {
                foreach (var owed in page)
                {
                    if (_journaled.Contains(owed.Key) || _settled.Contains(owed.Key)) continue;
                    _journaled.Add(owed.Key);
                    _held++;
                    taken.Add(owed.Envelope);
                    Schedule(Enter(new Queued(owed.Envelope, owed.Key, owed.Attempt, owed.Due)));
                }
                more = _backlog!.EndRead(_held, page.Count < want, mark);
                if (!more) after = _backlog.AfterDrain(_held);
            }
            var admitted = taken.Count;
            if (admitted > 0)
            {
                _log.Held(admitted);
                _log.ReadBack(admitted);
                foreach (var envelope in taken) _log.Routed(envelope);
            }
            Run(after);
            if (!more) return;
        }
    }

    // Sends the state as it is when the call is made, one call at a time: a late signal never undoes a newer one.
    private async Task SignalOverflowAsync()
    {
        if (_backlogOptions?.Overflow is not { } signal) return;
        await _signalling.WaitAsync();
        var overflowing = Overflowing;
        try
        {
            await signal(overflowing);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.OverflowSignalFailed(_backlogOptions.Consumer, overflowing, e);
        }
        finally
        {
            _signalling.Release();
        }
    }

    /// <summary>A delivery in memory; <see cref="Key"/> is set when the journal owes it, with the attempt to make next and when it is due.</summary>
    private sealed record Queued(EventEnvelope Envelope, DeliveryKey? Key, int Attempt, DateTimeOffset Due)
    {
        /// <summary>The partition key this delivery holds while it runs, when it was taken in ordered.</summary>
        public string? Gate { get; init; }
    }

    /// <summary>Knative's rule: each pass through a broker costs one hop; an event with no hops left is dropped.</summary>
    internal static int TtlAfterThisHop(EventEnvelope envelope) =>
        int.TryParse(envelope[CloudEventNames.BrokerTtl], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ttl)
            ? ttl - 1
            : BrokerTtl.Default - 1;
}
