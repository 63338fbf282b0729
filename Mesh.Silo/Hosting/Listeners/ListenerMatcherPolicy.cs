using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;

namespace Mesh.Silo.Hosting.Listeners;

/// <summary>
/// Routing sees only the endpoints of the port a connection came in on (see
/// <see cref="ListenerPlan.Serves"/>): the watcher pages answer 404 on the data-plane port when
/// an admin port exists, and ingress answers nothing on the admin port.
/// </summary>
internal sealed class ListenerMatcherPolicy(ListenerPlan plan) : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) => plan.Admin.Count > 0 || plan.Metrics.Count > 0;

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var role = plan.RoleOf(httpContext.Connection.LocalPort);
        for (var i = 0; i < candidates.Count; i++)
            if (candidates.IsValidCandidate(i) && !plan.Serves(role, candidates[i].Endpoint))
                candidates.SetValidity(i, false);
        return Task.CompletedTask;
    }
}
