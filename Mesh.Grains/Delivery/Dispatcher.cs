using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using System.Collections.Concurrent;
using Mesh.Grains.Durability;
using Mesh.Grains.Events;
using Microsoft.Extensions.Logging;

namespace Mesh.Grains.Delivery;

/// <summary>
/// One trigger's (or subscription's) delivery queue: its own workers, retries and dead letters, so
/// that a slow or failing subscriber delays nobody else.
/// </summary>
public sealed partial class Dispatcher : IAsyncDisposable
{
    // How long a settled journal delivery is remembered, so that a read of the journal racing with
    // its settle (committed within milliseconds, or once the database is back) does not deliver
    // it again; and at most how many, so that a busy trigger's memory stays bounded.
    private static readonly TimeSpan SettledMemory = TimeSpan.FromSeconds(30);
    private const int SettledMemoryLimit = 100_000;

    private readonly Channel<Queued> _queue = Channel.CreateUnbounded<Queued>(new() { SingleReader = false });
    private readonly ConcurrentDictionary<DeliveryKey, byte> _journaled = new();
    private readonly ConcurrentDictionary<DeliveryKey, long> _settled = new();
    private readonly IEventJournal _journal;
    private long _lastPrune;
    // ConcurrentDictionary.Count takes every lock; this is kept beside it instead.
    private int _settledCount;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _slots;
    private readonly int _maxInFlight;
    private readonly Task _pump;
    private readonly EventSender _sender;
    private readonly TimeProvider _time;
    private readonly IReplyTarget? _replies;
    private readonly MeshMetrics _metrics;
    private readonly ILogger _logger;
    private volatile DispatchTarget _target;
    private long _pending;

    public Dispatcher(DispatchTarget target, int maxInFlight, EventSender sender, TimeProvider time, IReplyTarget? replies, MeshMetrics metrics, ILogger logger, IEventJournal? journal = null)
    {
        _journal = journal ?? new MemoryOnlyJournal();
        _target = target;
        _sender = sender;
        _time = time;
        _replies = replies;
        _metrics = metrics;
        _logger = logger;
        // One pump and a slot per delivery in flight, rather than a worker per slot: an idle
        // trigger then costs one pending read, which matters with thousands of triggers.
        _maxInFlight = Math.Max(1, maxInFlight);
        _slots = new SemaphoreSlim(_maxInFlight, _maxInFlight);
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Events queued or in flight, retries included.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    public DispatchTarget Target { get => _target; set => _target = value; }

    public void Enqueue(EventEnvelope envelope) => Write(new Queued(envelope, null, 0, default));

    /// <summary>
    /// Queues a delivery the journal owes: settled in the journal when finished, its retries recorded
    /// as they are scheduled. Refused (false) when it is already queued or was just settled.
    /// </summary>
    public bool Enqueue(PendingDelivery delivery)
    {
        PruneSettled();
        if (_settled.ContainsKey(delivery.Key) || !_journaled.TryAdd(delivery.Key, 0)) return false;
        Write(new Queued(delivery.Envelope, delivery.Key, delivery.Attempt, delivery.Due));
        return true;
    }

    private void Write(Queued item)
    {
        Interlocked.Increment(ref _pending);
        if (_queue.Writer.TryWrite(item)) return;
        Interlocked.Decrement(ref _pending);
        if (item.Key is { } key) _journaled.TryRemove(key, out _);
    }

    /// <summary>Whether this dispatcher already has the delivery: queued, in flight, or just settled.</summary>
    public bool Holds(DeliveryKey key) => _journaled.ContainsKey(key) || _settled.ContainsKey(key);

    private void PruneSettled()
    {
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastPrune);
        var full = Volatile.Read(ref _settledCount) > SettledMemoryLimit;
        if (!full && _time.GetElapsedTime(last, now) < TimeSpan.FromSeconds(5)) return;
        if (Interlocked.CompareExchange(ref _lastPrune, now, last) != last) return;
        var keep = full ? TimeSpan.FromSeconds(1) : SettledMemory;
        foreach (var (key, at) in _settled)
            if (_time.GetElapsedTime(at, now) > keep && _settled.TryRemove(key, out _)) Interlocked.Decrement(ref _settledCount);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _pump.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        // Let cancelled deliveries release their slots before the semaphore goes.
        for (var i = 0; i < 50 && _slots.CurrentCount < _maxInFlight; i++) await Task.Delay(100);
        _stopping.Dispose();
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync(_stopping.Token))
            {
                // Waiting for a slot before taking the next event keeps order when one is allowed.
                await _slots.WaitAsync(_stopping.Token);
                _ = RunAsync(item);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task RunAsync(Queued item)
    {
        var settled = false;
        try
        {
            await DeliverAsync(item, _target, _stopping.Token);
            settled = true;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: a journaled delivery stays owed and is picked up by the next activation.
        }
        catch (Exception e)
        {
            // A bug in one delivery must not stop the queue, nor come back on every recovery.
            LogDeliveryCrashed(_logger, e, _target.Owner, item.Envelope.Id);
            settled = true;
        }
        finally
        {
            if (item.Key is { } key)
            {
                if (settled)
                {
                    if (_settled.TryAdd(key, _time.GetTimestamp()) && Interlocked.Increment(ref _settledCount) > SettledMemoryLimit) PruneSettled();
                    _journal.Settle(key);
                }
                _journaled.TryRemove(key, out _);
            }
            Interlocked.Decrement(ref _pending);
            _slots.Release();
        }
    }

    private async Task DeliverAsync(Queued item, DispatchTarget target, CancellationToken cancellation)
    {
        var envelope = item.Envelope;
        var started = Stopwatch.GetTimestamp();
        var outgoing = envelope;
        var ttl = 0;
        if (target.CountsBrokerHops)
        {
            ttl = TtlAfterThisHop(envelope);
            if (ttl <= 0)
            {
                _metrics.TtlExpired.Add(1);
                LogTtlExpired(_logger, target.Owner, envelope.Id, envelope.Source);
                return;
            }
            outgoing = envelope.With(CloudEventNames.BrokerTtl, null);
        }

        // A trigger's reply re-enters its broker as part of the attempt: if the broker cannot take
        // it, the attempt failed and is retried like any other (Knative data plane).
        Func<DeliveryOutcome, Task<DeliveryOutcome>>? forward = target is { AsksForReplies: true, Reply: null } && _replies is not null
            ? outcome => ForwardReplyAsync(outcome, ttl, target)
            : null;
        var outcome = await SendWithRetriesAsync(outgoing, target.Subscriber, target, target.AsksForReplies, cancellation, item, forward);
        _metrics.DeliveryDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (!outcome.IsSuccess)
        {
            await DeadLetterAsync(outgoing, target.Subscriber, target, outcome, cancellation);
            return;
        }
        _metrics.Delivered.Add(1);
        if (outcome.Reply is not { } reply || target.Reply is not { } replyUri) return;
        // A subscription's reply is a delivery of its own, retried under the same policy; when it
        // cannot be made, the original event is dead-lettered naming the reply address, and the
        // subscriber is not called again for it.
        var replyOutcome = await SendWithRetriesAsync(reply, replyUri, target, preferReply: false, cancellation);
        if (replyOutcome.IsSuccess) _metrics.Replies.Add(1);
        else await DeadLetterAsync(outgoing, replyUri, target, replyOutcome, cancellation);
    }

    private async Task<DeliveryOutcome> SendWithRetriesAsync(
        EventEnvelope envelope, Uri destination, DispatchTarget target, bool preferReply, CancellationToken cancellation,
        Queued? resume = null, Func<DeliveryOutcome, Task<DeliveryOutcome>>? onSuccess = null)
    {
        var policy = new RetryPolicy(target.Delivery);
        var options = new DeliveryOptionsForSend(
            target.Delivery.Format ?? EventFormat.Binary,
            target.Delivery.Timeout,
            [new("Kn-Namespace", target.Namespace)],
            preferReply);
        var first = 0;
        if (resume is { Key: not null } from)
        {
            // Picking up where a previous activation left off: the attempt it had scheduled, when it was due.
            first = Math.Min(from.Attempt, policy.Retries);
            var wait = from.Due - _time.GetUtcNow();
            if (wait > TimeSpan.Zero) await Task.Delay(wait, _time, cancellation);
        }
        for (var attempt = first; ; attempt++)
        {
            var outcome = await _sender.SendAsync(envelope, destination, options, cancellation);
            if (outcome.IsSuccess && onSuccess is not null) outcome = await onSuccess(outcome);
            if (outcome.IsSuccess || !RetryPolicy.IsRetryable(outcome.StatusCode) || attempt >= policy.Retries)
                return outcome;
            var delay = policy.DelayBefore(attempt + 1, outcome.StatusCode, outcome.RetryAfter);
            LogRetrying(_logger, target.Owner, envelope.Id, outcome.StatusCode, outcome.Error, attempt + 1, delay);
            _metrics.Retried.Add(1);
            if (resume?.Key is { } key) _journal.Reschedule(key, attempt + 1, _time.GetUtcNow() + delay);
            if (delay > TimeSpan.Zero) await Task.Delay(delay, _time, cancellation);
        }
    }

    private async Task DeadLetterAsync(EventEnvelope failed, Uri failedDestination, DispatchTarget target, DeliveryOutcome last, CancellationToken cancellation)
    {
        if (target.Delivery.DeadLetterUri is not { } dls)
        {
            _metrics.Lost.Add(1);
            LogLost(_logger, target.Owner, failed.Id, failed.Source, last.StatusCode, last.Error);
            return;
        }
        var annotated = DeadLetter.Annotate(failed, failedDestination, last);
        var outcome = await SendWithRetriesAsync(annotated, new Uri(dls), target, preferReply: false, cancellation);
        if (outcome.IsSuccess)
        {
            _metrics.DeadLettered.Add(1);
            LogDeadLettered(_logger, target.Owner, failed.Id, dls, last.StatusCode);
        }
        else
        {
            _metrics.Lost.Add(1);
            LogLost(_logger, target.Owner, failed.Id, failed.Source, outcome.StatusCode, $"dead-letter sink failed: {outcome.Error}");
        }
    }

    /// <summary>
    /// Hands a reply to the reply target (a trigger's broker) with the hop budget left. The original
    /// delivery succeeded only if it was taken; a refusal or an error turns the attempt into a
    /// failure without an answer, retried under the trigger's policy.
    /// </summary>
    private async Task<DeliveryOutcome> ForwardReplyAsync(DeliveryOutcome answered, int ttl, DispatchTarget target)
    {
        if (answered.Reply is not { } reply) return answered;
        if (target.CountsBrokerHops) reply = reply.With(CloudEventNames.BrokerTtl, ttl.ToString(CultureInfo.InvariantCulture));
        string why;
        try
        {
            var result = await _replies!.AcceptReplyAsync(reply);
            if (result == Brokers.PublishResult.Accepted)
            {
                _metrics.Replies.Add(1);
                return answered;
            }
            why = $"the reply {reply.Id} could not re-enter the broker ({result})";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            why = $"the reply {reply.Id} could not re-enter the broker: {e.Message}";
        }
        LogReplyRefused(_logger, target.Owner, reply.Id, why);
        return new DeliveryOutcome(null, [], null, null, why);
    }

    /// <summary>A queued delivery; <see cref="Key"/> is set when the journal owes it, with the attempt and time to resume at.</summary>
    private sealed record Queued(EventEnvelope Envelope, DeliveryKey? Key, int Attempt, DateTimeOffset Due);

    /// <summary>Knative's rule: each pass through a broker costs one hop; an event with no hops left is dropped.</summary>
    internal static int TtlAfterThisHop(EventEnvelope envelope) =>
        int.TryParse(envelope[CloudEventNames.BrokerTtl], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ttl)
            ? ttl - 1
            : BrokerTtl.Default - 1;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Owner}: retry {Retry} of event {EventId} in {Delay} after status {StatusCode} {Error}")]
    private static partial void LogRetrying(ILogger logger, string owner, string eventId, int? statusCode, string? error, int retry, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Owner}: event {EventId} from {Source} lost after status {StatusCode} {Error}; no dead-letter sink")]
    private static partial void LogLost(ILogger logger, string owner, string eventId, string source, int? statusCode, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Owner}: event {EventId} sent to dead-letter sink {DeadLetterSink} after status {StatusCode}")]
    private static partial void LogDeadLettered(ILogger logger, string owner, string eventId, string deadLetterSink, int? statusCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Owner}: event {EventId} from {Source} dropped, knativebrokerttl exhausted")]
    private static partial void LogTtlExpired(ILogger logger, string owner, string eventId, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Owner}: reply {EventId} not taken, the delivery that produced it counts as failed: {Reason}")]
    private static partial void LogReplyRefused(ILogger logger, string owner, string eventId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Owner}: delivery of event {EventId} failed unexpectedly")]
    private static partial void LogDeliveryCrashed(ILogger logger, Exception e, string owner, string eventId);
}
