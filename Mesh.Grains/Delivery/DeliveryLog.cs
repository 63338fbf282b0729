using Mesh.Grains.Events;
using Mesh.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace Mesh.Grains.Delivery;

/// <summary>
/// Where each outcome of one dispatcher's deliveries is recorded, once: the object's telemetry
/// (labelled metrics, spans, tail records), the process-wide backlog counters, and the log lines.
/// </summary>
internal sealed partial class DeliveryLog(DeliveryTelemetry telemetry, MeshMetrics metrics, ILogger logger)
{
    public DeliveryTelemetry Telemetry => telemetry;

    /// <summary>A delivery was taken into memory: handed over, or read back from the journal.</summary>
    public void Routed(EventEnvelope envelope) => telemetry.Routed(envelope);

    public DeliveryAttempt StartAttempt(EventEnvelope envelope, Uri destination, DispatchTarget target, int attempt) =>
        telemetry.StartAttempt(envelope, destination, target, attempt);

    /// <summary>An attempt was answered (or not); <paramref name="retryIn"/> is set when another attempt is scheduled.</summary>
    public void Attempted(DispatchTarget target, DeliveryAttempt attempt, DeliveryOutcome outcome, TimeSpan? retryIn = null)
    {
        telemetry.Attempted(attempt, outcome, retryIn);
        if (retryIn is { } delay)
            LogRetrying(logger, target.Owner, attempt.Envelope.Id, outcome.StatusCode, outcome.Error, attempt.Number, delay);
    }

    /// <summary>The subscriber accepted the event (and a trigger's reply, if any, re-entered its broker).</summary>
    public void Delivered(EventEnvelope envelope, DeliveryOutcome outcome) => telemetry.Delivered(envelope, outcome);

    public ReplyScope StartReply(EventEnvelope reply, EventEnvelope original) => telemetry.StartReply(reply, original);

    public void Replied(ReplyScope reply, bool accepted) => telemetry.Replied(reply, accepted);

    public void DeadLettered(DispatchTarget target, EventEnvelope envelope, string deadLetterSink, DeliveryOutcome last)
    {
        telemetry.DeadLettered(envelope, last);
        LogDeadLettered(logger, target.Owner, envelope.Id, deadLetterSink, last.StatusCode);
    }

    /// <summary>The event was given up for <paramref name="reason"/> (<see cref="DropReasons"/>).</summary>
    public void Dropped(DispatchTarget target, EventEnvelope envelope, string reason, DeliveryOutcome? last = null, string? detail = null)
    {
        telemetry.Dropped(envelope, reason, last);
        if (reason == DropReasons.TtlExpired) LogTtlExpired(logger, target.Owner, envelope.Id, envelope.Source);
        else LogLost(logger, target.Owner, envelope.Id, envelope.Source, last?.StatusCode, detail ?? last?.Error);
    }

    public void ReplyRefused(DispatchTarget target, EventEnvelope reply, string reason) => LogReplyRefused(logger, target.Owner, reply.Id, reason);

    public void Crashed(DispatchTarget target, EventEnvelope envelope, Exception e) => LogDeliveryCrashed(logger, e, target.Owner, envelope.Id);

    public void Spilled() => telemetry.Spilled();

    public void Held(int change) => telemetry.Held(change);

    public void ReadBack(int count) => metrics.Recovered.Add(count);

    public void BacklogReadFailed(string consumer, Exception e) => LogBacklogReadFailed(logger, e, consumer);

    public void OverflowSignalFailed(string consumer, bool overflowing, Exception e) => LogOverflowSignalFailed(logger, e, consumer, overflowing);

    // Outcomes of single events are Debug: the metrics, the tail and the topology page show them.
    [LoggerMessage(Level = LogLevel.Debug, Message = "{Owner}: retry {Retry} of event {EventId} in {Delay} after status {StatusCode} {Error}")]
    private static partial void LogRetrying(ILogger logger, string owner, string eventId, int? statusCode, string? error, int retry, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Owner}: event {EventId} from {Source} lost after status {StatusCode} {Error}; no dead-letter sink took it")]
    private static partial void LogLost(ILogger logger, string owner, string eventId, string source, int? statusCode, string? error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Owner}: event {EventId} sent to dead-letter sink {DeadLetterSink} after status {StatusCode}")]
    private static partial void LogDeadLettered(ILogger logger, string owner, string eventId, string deadLetterSink, int? statusCode);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Owner}: event {EventId} from {Source} dropped, knativebrokerttl exhausted")]
    private static partial void LogTtlExpired(ILogger logger, string owner, string eventId, string source);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Owner}: reply {EventId} not taken, the delivery that produced it counts as failed: {Reason}")]
    private static partial void LogReplyRefused(ILogger logger, string owner, string eventId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Owner}: delivery of event {EventId} failed unexpectedly")]
    private static partial void LogDeliveryCrashed(ILogger logger, Exception e, string owner, string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Consumer}: could not read its backlog from the journal; trying again in a second")]
    private static partial void LogBacklogReadFailed(ILogger logger, Exception e, string consumer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Consumer}: could not tell its producer to journal events first ({Overflowing}); asked again as events arrive")]
    private static partial void LogOverflowSignalFailed(ILogger logger, Exception e, string consumer, bool overflowing);
}
