using Mesh.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace Mesh.Gateway.Ingress;

/// <summary>The CloudEvents HTTP webhook abuse-protection handshake, answered to OPTIONS.</summary>
public static class WebhookHandshake
{
    public static IResult Answer(HttpContext context, IOptions<GatewayOptions> options)
    {
        var headers = context.Response.Headers;
        headers.Allow = BrokerIngressEndpoints.Allow;
        if (context.Request.Headers.TryGetValue("WebHook-Request-Origin", out var origin))
        {
            headers["WebHook-Allowed-Origin"] = origin.ToString();
            headers["WebHook-Allowed-Rate"] = options.Value.WebhookAllowedRate;
        }
        return Results.Ok();
    }
}
