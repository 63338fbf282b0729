using Mesh.Gateway.Hosting;
using Mesh.Gateway.Senders;
using Mesh.Grains.Brokers;
using Mesh.Grains.Events;
using Mesh.Grains.Telemetry;

namespace Mesh.Gateway.Ingress;

/// <summary>What every ingress does: read the CloudEvents, offer them to a grain, answer as DESIGN.md section 4 says.</summary>
public static class IngressPipeline
{
    /// <param name="kind"><see cref="TagNames.Broker"/> or <see cref="TagNames.Channel"/>, for metrics, spans and tails.</param>
    public static async Task<IResult> AcceptAsync(
        HttpRequest request, CloudEventRequestReader reader, GatewayOptions options, MeshMetrics metrics,
        string kind, string @namespace, string name, SenderGate senders, Func<EventEnvelope[], Task<PublishResult>> publish)
    {
        var headers = request.Headers;
        var traceParent = headers.TraceParent.Count > 0 ? headers.TraceParent.ToString() : null;
        var traceState = headers.TraceState.Count > 0 ? headers.TraceState.ToString() : null;
        var span = IngressTelemetry.StartSpan(metrics, kind, @namespace, name, traceParent, traceState);
        var trace = IngressTelemetry.ContextFor(span, traceParent, traceState);
        // Who sends is settled before the body is read: an unauthenticated request costs nothing more.
        var (subject, target, problem) = await senders.AuthenticateAsync(request, kind, @namespace, name);
        IReadOnlyList<EventEnvelope>? events = null;
        if (problem is null) (events, problem) = await reader.ReadAsync(request, options.MaxEventBytes, request.HttpContext.RequestAborted, trace);
        problem ??= SenderGate.Authorize(subject, target, events!);
        if (problem is not null)
        {
            Known(metrics, kind, @namespace, name).Answered(null, problem.Status, span);
            return problem.ToResult();
        }

        var stamped = IngressTelemetry.Stamp(metrics, events!, span, trace);
        PublishResult result;
        try
        {
            result = await publish(stamped);
        }
        catch (Exception e) when (e is not OperationCanceledException || !request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The event was not enqueued (a full queue, a silo going away): the producer must retry.
            Known(metrics, kind, @namespace, name).Answered(stamped, StatusCodes.Status503ServiceUnavailable, span);
            request.HttpContext.Response.Headers.RetryAfter = "1";
            return new IngressProblem(StatusCodes.Status503ServiceUnavailable, "The event could not be enqueued.",
                $"{What()} could not take the event: {e.Message}").ToResult();
        }
        if (result == PublishResult.Accepted)
        {
            metrics.ForIngress(kind, @namespace, name).Answered(stamped, StatusCodes.Status202Accepted, span);
            return Results.Accepted();
        }
        var refusal = result == PublishResult.NotFound
            ? new IngressProblem(StatusCodes.Status404NotFound, "Not found.", $"{What()} does not exist.")
            : new IngressProblem(StatusCodes.Status503ServiceUnavailable, "Not ready.", $"{What()} exists but is not Ready; see its status conditions.");
        // Only objects that exist get labels of their own; made-up paths share one.
        (result == PublishResult.NotFound ? Known(metrics, kind, @namespace, name) : metrics.ForIngress(kind, @namespace, name))
            .Answered(stamped, refusal.Status, span);
        return refusal.ToResult();

        string What() => $"{(kind == TagNames.Broker ? "Broker" : "Channel")} '{@namespace}/{name}'";
    }

    private static IngressTelemetry Known(MeshMetrics metrics, string kind, string @namespace, string name) =>
        metrics.FindIngress(kind, @namespace, name) ?? metrics.ForIngress(kind, IngressTelemetry.Unknown, IngressTelemetry.Unknown);
}
