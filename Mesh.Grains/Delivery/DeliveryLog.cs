using Mesh.Grains.Events;
using Microsoft.Extensions.Logging;

namespace Mesh.Grains.Delivery;

/// <summary>Why a delivery ended without reaching anyone.</summary>
internal enum DropReason
{
    /// <summary><c>knativebrokerttl</c> ran out: a loop, stopped; not a failure.</summary>
    TtlExhausted,
    /// <summary>Failed with no dead-letter sink, or the sink failed too.</summary>
    Lost,
}

/// <summary>
/// Where each outcome of a delivery is recorded, once: an attempt's answer, a retry scheduled, a
/// dead letter sent, a delivery dropped — the counters at <c>/metrics</c> and the log lines.
/// </summary>
internal sealed partial class DeliveryLog(MeshMetrics metrics, ILogger logger)
{
    /// <summary>An attempt at the subscriber was answered (or not): <paramref name="outcome"/> is final for the attempt.</summary>
    public void Attempted(DispatchTarget target, EventEnvelope envelope, int attempt, DeliveryOutcome outcome)
    {
        if (outcome.IsSuccess) metrics.Delivered.Add(1);
    }

    public void RetryScheduled(DispatchTarget target, EventEnvelope envelope, DeliveryOutcome last, int retry, TimeSpan delay)
    {
        metrics.Retried.Add(1);
        LogRetrying(logger, target.Owner, envelope.Id, last.StatusCode, last.Error, retry, delay);
    }

    public void DeadLettered(DispatchTarget target, EventEnvelope envelope, string deadLetterSink, DeliveryOutcome last)
    {
        metrics.DeadLettered.Add(1);
        LogDeadLettered(logger, target.Owner, envelope.Id, deadLetterSink, last.StatusCode);
    }

    public void Dropped(DispatchTarget target, EventEnvelope envelope, DropReason reason, DeliveryOutcome? last = null, string? detail = null)
    {
        if (reason == DropReason.TtlExhausted)
        {
            metrics.TtlExpired.Add(1);
            LogTtlExpired(logger, target.Owner, envelope.Id, envelope.Source);
            return;
        }
        metrics.Lost.Add(1);
        LogLost(logger, target.Owner, envelope.Id, envelope.Source, last?.StatusCode, detail ?? last?.Error);
    }

    public void ReplyTaken() => metrics.Replies.Add(1);

    public void ReplyRefused(DispatchTarget target, EventEnvelope reply, string reason) => LogReplyRefused(logger, target.Owner, reply.Id, reason);

    public void Finished(TimeSpan duration) => metrics.DeliveryDuration.Record(duration.TotalMilliseconds);

    public void Crashed(DispatchTarget target, EventEnvelope envelope, Exception e) => LogDeliveryCrashed(logger, e, target.Owner, envelope.Id);

    public void Spilled() => metrics.Spilled.Add(1);

    public void Held(int change) => metrics.Queued.Add(change);

    public void ReadBack(int count) => metrics.Recovered.Add(count);

    public void BacklogReadFailed(string consumer, Exception e) => LogBacklogReadFailed(logger, e, consumer);

    public void OverflowSignalFailed(string consumer, bool overflowing, Exception e) => LogOverflowSignalFailed(logger, e, consumer, overflowing);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Owner}: retry {Retry} of event {EventId} in {Delay} after status {StatusCode} {Error}")]
    private static partial void LogRetrying(ILogger logger, string owner, string eventId, int? statusCode, string? error, int retry, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Owner}: event {EventId} from {Source} lost after status {StatusCode} {Error}; no dead-letter sink took it")]
    private static partial void LogLost(ILogger logger, string owner, string eventId, string source, int? statusCode, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Owner}: event {EventId} sent to dead-letter sink {DeadLetterSink} after status {StatusCode}")]
    private static partial void LogDeadLettered(ILogger logger, string owner, string eventId, string deadLetterSink, int? statusCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Owner}: event {EventId} from {Source} dropped, knativebrokerttl exhausted")]
    private static partial void LogTtlExpired(ILogger logger, string owner, string eventId, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Owner}: reply {EventId} not taken, the delivery that produced it counts as failed: {Reason}")]
    private static partial void LogReplyRefused(ILogger logger, string owner, string eventId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Owner}: delivery of event {EventId} failed unexpectedly")]
    private static partial void LogDeliveryCrashed(ILogger logger, Exception e, string owner, string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Consumer}: could not read its backlog from the journal; trying again in a second")]
    private static partial void LogBacklogReadFailed(ILogger logger, Exception e, string consumer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Consumer}: could not tell its producer to journal events first ({Overflowing}); asked again as events arrive")]
    private static partial void LogOverflowSignalFailed(ILogger logger, Exception e, string consumer, bool overflowing);
}
