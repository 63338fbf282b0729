using Mesh.Gateway.Hosting;
using Mesh.Gateway.Senders;
using Mesh.Grains.Brokers;
using Mesh.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace Mesh.Gateway.Ingress;

/// <summary>Broker ingress at <c>/{namespace}/{broker}</c>, the path shape of Knative's broker ingress.</summary>
public static class BrokerIngressEndpoints
{
    public const string Allow = "POST, OPTIONS";

    public static IEndpointRouteBuilder MapBrokerIngress(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/{namespace}/{broker}", AcceptAsync).WithName("BrokerIngress");
        routes.MapMethods("/{namespace}/{broker}", ["OPTIONS"], WebhookHandshake.Answer);
        routes.MapMethods("/{namespace}/{broker}", ["GET", "PUT", "DELETE", "PATCH", "HEAD"], MethodNotAllowed);
        return routes;
    }

    private static Task<IResult> AcceptAsync(
        string @namespace, string broker, HttpRequest request,
        CloudEventRequestReader reader, IngressTargets targets, IngressBatcher batcher, IOptions<GatewayOptions> options, MeshMetrics metrics, SenderGate senders) =>
        IngressPipeline.AcceptAsync(request, reader, options.Value, metrics, TagNames.Broker, @namespace, broker, senders,
            events => batcher.PublishAsync($"broker/{@namespace}/{broker}", events,
                batch => targets.Broker($"{@namespace}/{broker}").Publish(batch)));

    internal static IResult MethodNotAllowed(HttpContext context)
    {
        context.Response.Headers.Allow = Allow;
        return new IngressProblem(StatusCodes.Status405MethodNotAllowed, "Method not allowed.",
            $"{context.Request.Method} is not supported here; send events with POST.").ToResult();
    }
}
