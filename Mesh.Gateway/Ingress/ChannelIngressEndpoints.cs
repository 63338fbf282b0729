using Mesh.Gateway.Hosting;
using Mesh.Gateway.Senders;
using Mesh.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace Mesh.Gateway.Ingress;

/// <summary>Channel ingress at <c>/channels/{namespace}/{channel}</c>; sequences and parallels enter through their channels.</summary>
public static class ChannelIngressEndpoints
{
    public static IEndpointRouteBuilder MapChannelIngress(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/channels/{namespace}/{channel}", AcceptAsync).WithName("ChannelIngress");
        routes.MapMethods("/channels/{namespace}/{channel}", ["OPTIONS"], WebhookHandshake.Answer);
        routes.MapMethods("/channels/{namespace}/{channel}", ["GET", "PUT", "DELETE", "PATCH", "HEAD"], BrokerIngressEndpoints.MethodNotAllowed);
        return routes;
    }

    private static Task<IResult> AcceptAsync(
        string @namespace, string channel, HttpRequest request,
        CloudEventRequestReader reader, IngressTargets targets, IngressBatcher batcher, IOptions<GatewayOptions> options, MeshMetrics metrics, SenderGate senders) =>
        IngressPipeline.AcceptAsync(request, reader, options.Value, metrics, TagNames.Channel, @namespace, channel, senders,
            events => batcher.PublishAsync($"channel/{@namespace}/{channel}", events,
                batch => targets.Channel($"{@namespace}/{channel}").Publish(batch)));
}
