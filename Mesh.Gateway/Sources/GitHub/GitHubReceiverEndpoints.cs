using Mesh.Gateway.Hosting;
using Mesh.Gateway.Ingress;
using Mesh.Grains.Sources.GitHub;
using Microsoft.Extensions.Options;

namespace Mesh.Gateway.Sources.GitHub;

/// <summary>
/// The webhook receiver of a GitHubSource at <c>/sources/github/{namespace}/{name}</c>. The source's
/// grain holds the secret, so it checks the signature; this endpoint reads headers and the raw body.
/// </summary>
public static class GitHubReceiverEndpoints
{
    public const string EventHeader = "X-GitHub-Event";
    public const string DeliveryHeader = "X-GitHub-Delivery";
    public const string Signature256Header = "X-Hub-Signature-256";
    public const string Signature1Header = "X-Hub-Signature";

    public static IEndpointRouteBuilder MapGitHubReceiver(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/sources/github/{namespace}/{name}", ReceiveAsync).WithName("GitHubReceiver");
        routes.MapMethods("/sources/github/{namespace}/{name}", ["GET", "PUT", "DELETE", "PATCH", "HEAD"], BrokerIngressEndpoints.MethodNotAllowed);
        return routes;
    }

    private static async Task<IResult> ReceiveAsync(string @namespace, string name, HttpRequest request, IGrainFactory grains, IOptions<GatewayOptions> options)
    {
        var what = $"GitHubSource '{@namespace}/{name}'";
        if (Header(request, EventHeader) is not { } gitHubEvent)
            return Problem(400, "Missing GitHub header.", $"the {EventHeader} header is required", EventHeader);
        if (Header(request, DeliveryHeader) is not { } deliveryId)
            return Problem(400, "Missing GitHub header.", $"the {DeliveryHeader} header is required", DeliveryHeader);
        if (await RequestBody.ReadAsync(request, options.Value.MaxEventBytes, request.HttpContext.RequestAborted) is not { } body)
            return Problem(413, "The payload is too large.", $"the body exceeds Mesh:MaxEventBytes ({options.Value.MaxEventBytes} bytes)");

        var delivery = new GitHubDelivery(gitHubEvent, deliveryId, body, Header(request, Signature256Header), Header(request, Signature1Header));
        GitHubReceipt receipt;
        try
        {
            receipt = await grains.GetGrain<IGitHubSourceGrain>($"{@namespace}/{name}").Receive(delivery);
        }
        catch (Exception e) when (e is not OperationCanceledException || !request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // Not queued: GitHub shows the failure and the delivery can be redelivered from its UI or API.
            request.HttpContext.Response.Headers.RetryAfter = "1";
            return Problem(503, "The event could not be enqueued.", $"{what} could not take the event: {e.Message}");
        }
        return receipt switch
        {
            GitHubReceipt.Accepted => Results.Accepted(),
            GitHubReceipt.Dropped => Results.Ok(new { dropped = $"{what} does not take '{gitHubEvent}' events" }),
            GitHubReceipt.Unauthorized => Problem(401, "Bad signature.", $"{Signature256Header} is missing or does not match the body signed with the source's secret", Signature256Header),
            GitHubReceipt.NotFound => Problem(404, "Not found.", $"{what} does not exist."),
            GitHubReceipt.Malformed => Problem(400, "The payload is not JSON.", "the body must be a JSON object (the hook's content type must be application/json)"),
            _ => Problem(503, "Not ready.", $"{what} exists but is not Ready; see its status conditions."),
        };
    }

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var values) && values.ToString() is { Length: > 0 } value ? value : null;

    private static IResult Problem(int status, string title, string detail, string? header = null)
    {
        var extensions = new Dictionary<string, object?>();
        if (header is not null) extensions["header"] = header;
        return Results.Problem(detail: detail, statusCode: status, title: title, type: "https://mesh.dev/problems/github-webhook", extensions: extensions);
    }
}
