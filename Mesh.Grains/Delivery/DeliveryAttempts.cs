using System.Globalization;
using Mesh.Grains.Brokers;
using Mesh.Grains.Events;
using Mesh.Grains.Telemetry;

namespace Mesh.Grains.Delivery;

/// <summary>
/// The HTTP side of a delivery: an attempt at the subscriber (with a trigger's reply forwarded as
/// part of it), then a subscription's reply, or the dead-letter sink. Every request holds one of the
/// dispatcher's in-flight slots while it is on the wire, and none while it waits to be retried.
/// </summary>
internal sealed class DeliveryAttempts(EventSender sender, TimeProvider time, IReplyTarget? replies, SemaphoreSlim slots, DeliveryLog log)
{
    /// <summary>
    /// Attempt number <paramref name="attempt"/> (from 0) at the subscriber; the caller holds a slot,
    /// and records the attempt once it knows whether another follows. <paramref name="ttl"/> is the
    /// hop budget a reply gets.
    /// </summary>
    public async Task<(DeliveryAttempt Sending, DeliveryOutcome Outcome)> AttemptAsync(EventEnvelope outgoing, int ttl, DispatchTarget target, int attempt, CancellationToken cancellation)
    {
        var sending = log.StartAttempt(outgoing, target.Subscriber, target, attempt);
        var outcome = await sender.SendAsync(sending.Envelope, target.Subscriber, SubscriberOptions(target), cancellation);
        // A trigger's reply re-enters its broker as part of the attempt (Knative data plane): if the
        // broker cannot take it, the attempt failed and is retried like any other.
        if (outcome is { IsSuccess: true, Reply: { } reply } && target is { AsksForReplies: true, Reply: null } && replies is not null)
            return (sending, await ForwardReplyAsync(outcome, reply, outgoing, ttl, target));
        return (sending, outcome);
    }

    /// <summary>
    /// After the subscriber took the event: a subscription's reply is a delivery of its own, retried
    /// under the same policy; when it cannot be made, the original event is dead-lettered naming the
    /// reply address, and the subscriber is not called again for it.
    /// </summary>
    public async Task AfterDeliveredAsync(EventEnvelope original, DeliveryOutcome answered, DispatchTarget target, CancellationToken cancellation)
    {
        if (answered.Reply is not { } reply || target is not { AsksForReplies: true, Reply: { } replyUri }) return;
        using var replying = log.StartReply(reply, original);
        var outcome = await SendWithRetriesAsync(replying.Reply, replyUri, target, cancellation);
        log.Replied(replying, outcome.IsSuccess);
        if (!outcome.IsSuccess) await DeadLetterAsync(original, replyUri, target, outcome, cancellation);
    }

    /// <summary>Sends the failed event, annotated as Knative does, to the dead-letter sink; without one, or when it fails too, the event is lost.</summary>
    public async Task DeadLetterAsync(EventEnvelope failed, Uri failedDestination, DispatchTarget target, DeliveryOutcome last, CancellationToken cancellation)
    {
        if (target.Delivery.DeadLetterUri is not { } dls)
        {
            log.Dropped(target, failed, DropReasons.NoDeadLetterSink, last);
            return;
        }
        using var span = log.Telemetry.StartDeadLetter(failed, last);
        var annotated = MeshTracing.Under(DeadLetter.Annotate(failed, failedDestination, last), span);
        var outcome = await SendWithRetriesAsync(annotated, new Uri(dls), target, cancellation);
        if (outcome.IsSuccess) log.DeadLettered(target, failed, dls, last);
        else log.Dropped(target, failed, DropReasons.DeadLetterFailed, outcome, $"dead-letter sink failed: {outcome.Error}");
    }

    private async Task<DeliveryOutcome> ForwardReplyAsync(DeliveryOutcome answered, EventEnvelope reply, EventEnvelope original, int ttl, DispatchTarget target)
    {
        using var replying = log.StartReply(reply, original);
        reply = replying.Reply;
        if (target.CountsBrokerHops) reply = reply.With(CloudEventNames.BrokerTtl, ttl.ToString(CultureInfo.InvariantCulture));
        string why;
        try
        {
            var result = await replies!.AcceptReplyAsync(reply);
            log.Replied(replying, result == PublishResult.Accepted);
            if (result == PublishResult.Accepted) return answered;
            why = $"the reply {reply.Id} could not re-enter the broker ({result})";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Replied(replying, accepted: false);
            why = $"the reply {reply.Id} could not re-enter the broker: {e.Message}";
        }
        log.ReplyRefused(target, reply, why);
        return new DeliveryOutcome(null, [], null, null, why);
    }

    // Replies and dead letters wait for their retries right here (rare, and never many); each
    // request still takes a slot, so a trigger never has more than its limit on the wire.
    private async Task<DeliveryOutcome> SendWithRetriesAsync(EventEnvelope envelope, Uri destination, DispatchTarget target, CancellationToken cancellation)
    {
        var policy = new RetryPolicy(target.Delivery);
        var options = Options(target, destination, preferReply: false);
        for (var attempt = 0; ; attempt++)
        {
            DeliveryOutcome outcome;
            await slots.WaitAsync(cancellation);
            var sending = log.StartAttempt(envelope, destination, target, attempt);
            try
            {
                outcome = await sender.SendAsync(sending.Envelope, destination, options, cancellation);
            }
            finally
            {
                slots.Release();
            }
            if (outcome.IsSuccess || !RetryPolicy.IsRetryable(outcome.StatusCode) || attempt >= policy.Retries)
            {
                log.Attempted(target, sending, outcome);
                return outcome;
            }
            var delay = policy.DelayBefore(attempt + 1, outcome.StatusCode, outcome.RetryAfter);
            log.Attempted(target, sending, outcome, delay);
            if (delay > TimeSpan.Zero) await log.Telemetry.WaitForRetryAsync(delay, time, cancellation);
        }
    }

    // A target changes only when its owner is reconfigured: its subscriber's options are made once
    // per target, not per attempt.
    private TargetOptions? _subscriberOptions;

    private DeliveryOptionsForSend SubscriberOptions(DispatchTarget target)
    {
        if (_subscriberOptions is { } cached && ReferenceEquals(cached.Target, target)) return cached.Options;
        var options = Options(target, target.Subscriber, target.AsksForReplies);
        _subscriberOptions = new TargetOptions(target, options);
        return options;
    }

    private sealed record TargetOptions(DispatchTarget Target, DeliveryOptionsForSend Options);

    private static DeliveryOptionsForSend Options(DispatchTarget target, Uri destination, bool preferReply) => new(
        target.Delivery.Format ?? EventFormat.Binary,
        target.Delivery.Timeout,
        [new("Kn-Namespace", target.Namespace)],
        preferReply)
    {
        Auth = target.AuthFor(destination),
        Sender = target.Sender,
        WithholdsBrokerTtl = target.CountsBrokerHops,
    };
}
