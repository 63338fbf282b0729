using System.Diagnostics;
using Mesh.Grains.Delivery;
using Mesh.Grains.Events;
using Mesh.Grains.Tail;

namespace Mesh.Grains.Telemetry;

/// <summary>
/// Everything one dispatcher reports: its metrics (labelled with its trigger, subscription or source),
/// its spans, the counts and recent failures the topology page shows, and tail records while tapped.
/// </summary>
public sealed class DeliveryTelemetry : IDisposable
{
    public const string ToSubscriber = "subscriber";
    public const string ToReply = "reply";
    public const string ToDeadLetterSink = "dead_letter_sink";

    private readonly MeshMetrics _metrics;
    private volatile Func<long> _queueDepth;
    private readonly FailureRing _failures;
    private readonly DeliverySpanNames _spans;
    private long _routed, _delivered, _failed, _retried, _deadLettered, _dropped, _replies, _pendingRetries;
    private long _lastFailureAt, _lastDeliveredAt;
    private int _lastFailureStatus;

    internal DeliveryTelemetry(MeshMetrics metrics, DeliveryScope scope, Func<long> queueDepth)
    {
        _metrics = metrics;
        Scope = scope;
        _queueDepth = queueDepth;
        _failures = new FailureRing(metrics.Options.FailuresKept);
        _spans = new DeliverySpanNames(scope);
    }

    public DeliveryScope Scope { get; }
    public long QueueDepth => _queueDepth();
    public long PendingRetries => Interlocked.Read(ref _pendingRetries);

    /// <summary>An event was queued for delivery.</summary>
    public void Routed(EventEnvelope envelope)
    {
        Interlocked.Increment(ref _routed);
        _metrics.Routed.Add(1, Tags(envelope));
        if (!_metrics.Taps.IsEmpty && _metrics.Taps.IsTapped(Scope.TapKey) && _metrics.Tail is { } tail && tail.TryReserve(Scope.TapKey))
            tail.Publish(Scope.TapKey, new TailRecord(TailRecord.Kinds.Event, Scope.TapKey, _metrics.Time.GetUtcNow(), envelope));
    }

    public DeliveryAttempt StartAttempt(EventEnvelope envelope, Uri address, DispatchTarget target, int attempt)
    {
        var destination = address == target.Subscriber ? ToSubscriber : address == target.Reply ? ToReply : ToDeadLetterSink;
        var span = MeshTracing.Start(_spans.Deliver, ActivityKind.Client, envelope.TraceParent, envelope.TraceState);
        if (span is not null)
        {
            span.AddTag("messaging.operation.name", "deliver");
            span.AddTag("mesh.delivery.attempt", attempt + 1);
            span.AddTag("mesh.delivery.destination", destination);
            span.AddTag(_spans.OwnerTag, _spans.Owner);
            span.AddTag("server.address", address.Host);
            span.AddTag("url.full", _spans.UrlOf(address));
            MeshTracing.Describe(span, envelope);
        }
        return new DeliveryAttempt(span, Stopwatch.GetTimestamp(), MeshTracing.Under(envelope, span), address, destination, attempt + 1);
    }

    /// <summary>An attempt was answered (or not); <paramref name="retryIn"/> is set when another attempt is scheduled.</summary>
    public DeliveryOutcome Attempted(DeliveryAttempt attempt, DeliveryOutcome outcome, TimeSpan? retryIn = null)
    {
        var envelope = attempt.Envelope;
        var codeClass = ResponseCodes.ClassOf(outcome.StatusCode);
        var tags = Tags(envelope);
        tags.Add(TagNames.ResponseCodeClass, codeClass);
        tags.Add("destination", attempt.Destination);
        _metrics.Attempts.Add(1, tags);
        _metrics.AttemptDuration.Record(Stopwatch.GetElapsedTime(attempt.Started).TotalSeconds, tags);
        var now = _metrics.Time.GetUtcNow();
        if (!outcome.IsSuccess)
        {
            Interlocked.Increment(ref _failed);
            _failures.Add(now, envelope.Id, outcome, attempt.Number, attempt.Address);
            if (attempt.Destination == ToSubscriber)
            {
                _lastFailureStatus = outcome.StatusCode ?? 0;
                Volatile.Write(ref _lastFailureAt, now.UtcTicks);
            }
        }
        if (retryIn is { } delay)
        {
            Interlocked.Increment(ref _retried);
            _metrics.Retried.Add(1, tags);
        }
        if (attempt.Span is { } span)
        {
            if (outcome.StatusCode is { } status) span.AddTag("http.response.status_code", status);
            if (retryIn is { } wait) span.AddTag("mesh.delivery.retry_delay_ms", wait.TotalMilliseconds);
            if (!outcome.IsSuccess) span.SetStatus(ActivityStatusCode.Error, outcome.Error ?? $"HTTP {outcome.StatusCode}");
            if (!outcome.IsSuccess) span.AddTag("error.type", outcome.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no_response");
            span.Dispose();
        }
        if (attempt.Destination == ToSubscriber && (outcome.IsSuccess || retryIn is not null))
            Outcome(envelope, outcome.IsSuccess ? TailOutcome.Results.Delivered : TailOutcome.Results.Retrying, outcome, attempt.Number, retryIn is { } d ? now + d : null);
        return outcome;
    }

    /// <summary>Waits for a retry's due time, counted as a pending retry meanwhile.</summary>
    public async Task WaitForRetryAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellation)
    {
        Interlocked.Increment(ref _pendingRetries);
        try
        {
            await Task.Delay(delay, time, cancellation);
        }
        finally
        {
            Interlocked.Decrement(ref _pendingRetries);
        }
    }

    /// <summary>A delivery was left on disk: memory held as many as it may.</summary>
    public void Spilled() => _metrics.Spilled.Add(1, new TagList(Scope.Tags.AsSpan()));

    /// <summary>Deliveries taken into memory (positive) or let go of (negative).</summary>
    public void Held(int change) => _metrics.Queued.Add(change, new TagList(Scope.Tags.AsSpan()));

    /// <summary>The subscriber accepted the event.</summary>
    public void Delivered(EventEnvelope envelope, DeliveryOutcome outcome)
    {
        Interlocked.Increment(ref _delivered);
        Volatile.Write(ref _lastDeliveredAt, _metrics.Time.GetUtcNow().UtcTicks);
        var tags = Tags(envelope);
        tags.Add(TagNames.ResponseCodeClass, ResponseCodes.ClassOf(outcome.StatusCode));
        _metrics.Delivered.Add(1, tags);
        if (envelope.AcceptedAt > 0)
            _metrics.DeliveryLatency.Record(Math.Max(0, _metrics.Time.GetUtcNow().UtcTicks - envelope.AcceptedAt) / (double)TimeSpan.TicksPerSecond, tags);
    }

    /// <summary>Starts the span under which the event goes to its dead-letter sink.</summary>
    public Activity? StartDeadLetter(EventEnvelope envelope, DeliveryOutcome last)
    {
        var span = MeshTracing.Start(_spans.DeadLetter, ActivityKind.Internal, envelope.TraceParent, envelope.TraceState);
        if (span is null) return null;
        span.SetTag("messaging.operation.name", "dead_letter");
        if (last.StatusCode is { } status) span.SetTag("http.response.status_code", status);
        MeshTracing.Describe(span, envelope);
        return span;
    }

    /// <summary>The event reached the dead-letter sink after <paramref name="last"/> from its subscriber.</summary>
    public void DeadLettered(EventEnvelope envelope, DeliveryOutcome last)
    {
        Interlocked.Increment(ref _deadLettered);
        var tags = Tags(envelope);
        tags.Add(TagNames.ResponseCodeClass, ResponseCodes.ClassOf(last.StatusCode));
        _metrics.DeadLettered.Add(1, tags);
        Outcome(envelope, TailOutcome.Results.DeadLettered, last, 0, null);
    }

    /// <summary>The event was given up (<see cref="DropReasons"/>).</summary>
    public void Dropped(EventEnvelope envelope, string reason, DeliveryOutcome? last)
    {
        Interlocked.Increment(ref _dropped);
        var tags = Tags(envelope);
        tags.Add(TagNames.ResponseCodeClass, ResponseCodes.ClassOf(last?.StatusCode));
        tags.Add(TagNames.Reason, reason);
        _metrics.Dropped.Add(1, tags);
        Outcome(envelope, TailOutcome.Results.Dropped, last, 0, null, reason);
    }

    /// <summary>Starts forwarding <paramref name="reply"/>, the answer to <paramref name="original"/>: a span, and the reply stamped to continue the trace.</summary>
    public ReplyScope StartReply(EventEnvelope reply, EventEnvelope original)
    {
        var span = MeshTracing.Start(_spans.Reply, ActivityKind.Producer, original.TraceParent, original.TraceState);
        if (span is not null)
        {
            span.SetTag("messaging.operation.name", "reply");
            MeshTracing.Describe(span, reply);
        }
        var stamped = reply with
        {
            TraceParent = MeshTracing.TraceParentOf(span) ?? original.TraceParent,
            TraceState = span?.TraceStateString ?? original.TraceState,
            AcceptedAt = _metrics.Time.GetUtcNow().UtcTicks,
        };
        return new ReplyScope(span, stamped);
    }

    /// <summary>A reply was forwarded (<paramref name="accepted"/>) or refused by where it went.</summary>
    public void Replied(ReplyScope scope, bool accepted)
    {
        if (accepted) Interlocked.Increment(ref _replies);
        var tags = Tags(scope.Reply);
        tags.Add(TagNames.Outcome, accepted ? "forwarded" : "refused");
        _metrics.Replies.Add(1, tags);
        scope.Span?.SetStatus(accepted ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
        if (accepted && Scope.ParentTapKey is { } parent && _metrics.Taps.IsTapped(parent) && _metrics.Tail is { } tail && tail.TryReserve(parent))
            tail.Publish(parent, new TailRecord(TailRecord.Kinds.Event, Scope.TapKey, _metrics.Time.GetUtcNow(), scope.Reply));
    }

    public IReadOnlyList<FailureRecord> Failures() => _failures.Snapshot();

    public ObjectStats Snapshot() => new(Scope.TapKey, Interlocked.Read(ref _routed), 0, Interlocked.Read(ref _delivered),
        Interlocked.Read(ref _failed), Interlocked.Read(ref _retried), Interlocked.Read(ref _deadLettered),
        Interlocked.Read(ref _dropped), Interlocked.Read(ref _replies), QueueDepth, PendingRetries,
        _lastFailureStatus, Volatile.Read(ref _lastFailureAt), Volatile.Read(ref _lastDeliveredAt));

    /// <summary>Stops counting towards the gauges and forgets the counts (the object was deleted).</summary>
    public void Dispose() => _metrics.Forget(this);

    /// <summary>
    /// Its dispatcher stopped while the object lives on (an idle trigger let go): the gauges read 0
    /// for it, and the next dispatcher of the same object takes these counts over. One that never
    /// counted anything is forgotten, so that an idle trigger never sent an event costs nothing here.
    /// </summary>
    public void Rest()
    {
        _queueDepth = static () => 0;
        if (Interlocked.Read(ref _routed) == 0 && Interlocked.Read(ref _failed) == 0 && Interlocked.Read(ref _dropped) == 0) _metrics.Forget(this);
        else _metrics.Rest(this);
    }

    /// <summary>Taken over by a new dispatcher of the same object.</summary>
    internal void Wake(Func<long> queueDepth) => _queueDepth = queueDepth;

    private TagList Tags(EventEnvelope envelope)
    {
        var tags = new TagList(Scope.Tags.AsSpan());
        tags.Add(TagNames.EventType, _metrics.EventTypes.Get(envelope.Type));
        return tags;
    }

    private void Outcome(EventEnvelope envelope, string result, DeliveryOutcome? outcome, int attempt, DateTimeOffset? retryAt, string? detail = null)
    {
        var taps = _metrics.Taps;
        if (taps.IsEmpty || _metrics.Tail is not { } tail) return;
        var own = taps.IsTapped(Scope.TapKey) && tail.TryReserve(Scope.TapKey);
        var parent = Scope.ParentTapKey is { } p && taps.IsTapped(p) && tail.TryReserve(p) ? p : null;
        if (!own && parent is null) return;
        var record = new TailRecord(TailRecord.Kinds.Outcome, Scope.TapKey, _metrics.Time.GetUtcNow(), Outcome: new TailOutcome(
            envelope.Id, envelope.Source, envelope.Type, result, outcome?.StatusCode, attempt, retryAt, detail ?? outcome?.Error));
        if (own) tail.Publish(Scope.TapKey, record);
        if (parent is not null) tail.Publish(parent, record);
    }
}
