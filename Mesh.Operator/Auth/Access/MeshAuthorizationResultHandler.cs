using Mesh.Operator.Auth.Identities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Mesh.Operator.Auth.Access;

/// <summary>
/// Answers refused control-plane requests: 403 with Kubernetes' message when an identity (or
/// <c>system:anonymous</c>) was refused, otherwise a challenge (401, or the sign-in form for a
/// browser). Other policies keep ASP.NET Core's default handling.
/// </summary>
public sealed class MeshAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!policy.Requirements.OfType<MeshAccessRequirement>().Any())
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        if (authorizeResult.Succeeded)
        {
            await next(context);
            return;
        }
        if (AccessDenial.Of(context) is { } denial)
        {
            await AccessProblems.Forbidden(denial.User, denial.Request).ExecuteAsync(context);
            return;
        }
        await context.ChallengeAsync(MeshAuthentication.Scheme);
    }
}
