using System.Net;

namespace Mesh.Operator.Kubernetes;

/// <summary>The first handler of the Kubernetes client: tells <see cref="ApiServerReachability"/> how each request went.</summary>
public sealed class ReachabilityHandler(ApiServerReachability reachability) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
                reachability.Failed("the API server refuses this instance's credentials (401 Unauthorized)");
            else if ((int)response.StatusCode >= 500)
                reachability.Failed($"the API server answered {(int)response.StatusCode} {response.StatusCode}");
            else
                reachability.Reached();
            return response;
        }
        catch (HttpRequestException e)
        {
            // The innermost message says why: refused, reset, or a certificate not trusted (PartialChain).
            reachability.Failed($"{request.RequestUri?.GetLeftPart(UriPartial.Authority)}: {e.GetBaseException().Message}");
            throw;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            reachability.Failed($"{request.RequestUri?.GetLeftPart(UriPartial.Authority)}: the request timed out");
            throw;
        }
    }
}
