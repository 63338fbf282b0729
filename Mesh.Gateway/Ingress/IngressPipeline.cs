using Mesh.Gateway.Hosting;
using Mesh.Grains.Brokers;
using Mesh.Grains.Events;

namespace Mesh.Gateway.Ingress;

/// <summary>What every ingress does: read the CloudEvents, offer them to a grain, answer as DESIGN.md section 4 says.</summary>
public static class IngressPipeline
{
    public static async Task<IResult> AcceptAsync(
        HttpRequest request, CloudEventRequestReader reader, GatewayOptions options,
        string what, Func<EventEnvelope[], Task<PublishResult>> publish)
    {
        var (events, problem) = await reader.ReadAsync(request, options.MaxEventBytes, request.HttpContext.RequestAborted);
        if (problem is not null) return problem.ToResult();

        PublishResult result;
        try
        {
            result = await publish([.. events!]);
        }
        catch (Exception e) when (e is not OperationCanceledException || !request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The event was not enqueued (a full queue, a silo going away): the producer must retry.
            request.HttpContext.Response.Headers.RetryAfter = "1";
            return new IngressProblem(StatusCodes.Status503ServiceUnavailable, "The event could not be enqueued.",
                $"{what} could not take the event: {e.Message}").ToResult();
        }
        return result switch
        {
            PublishResult.Accepted => Results.Accepted(),
            PublishResult.NotFound => new IngressProblem(StatusCodes.Status404NotFound, "Not found.", $"{what} does not exist.").ToResult(),
            _ => new IngressProblem(StatusCodes.Status503ServiceUnavailable, "Not ready.",
                $"{what} exists but is not Ready; see its status conditions.").ToResult(),
        };
    }
}
