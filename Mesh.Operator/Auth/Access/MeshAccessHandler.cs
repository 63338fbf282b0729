using Mesh.Operator.Auth.Identities;
using Mesh.Operator.Auth.Rbac;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Auth.Access;

/// <summary>
/// Decides <see cref="MeshAccessRequirement"/>: everyone may when no identities are configured (the
/// start-up check keeps that to loopback unless anonymous access is allowed); otherwise the caller's
/// identity, or <c>system:anonymous</c> when allowed and no token was presented, must be granted
/// every described request by RBAC.
/// </summary>
public sealed class MeshAccessHandler(IOptions<MeshAuthOptions> options, RbacPolicy rbac) : AuthorizationHandler<MeshAccessRequirement>
{
    private const string UserKey = "mesh.access.user";

    /// <summary>The user a request was authorized as; null when the control plane is open.</summary>
    public static MeshUser? UserOf(HttpContext context) => context.Items.TryGetValue(UserKey, out var user) ? user as MeshUser : null;

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, MeshAccessRequirement requirement)
    {
        if (context.Resource is not HttpContext http) return;
        if (!options.Value.RequiresIdentity)
        {
            context.Succeed(requirement);
            return;
        }
        var user = MeshClaims.UserOf(context.User)
            ?? (options.Value.AllowAnonymous && !BearerToken.IsPresented(http) ? MeshUser.AnonymousUser : null);
        if (user is null) return;
        var policy = await rbac.CurrentAsync(http.RequestAborted);
        foreach (var request in requirement.Describe(http))
        {
            if (RbacAuthorizer.Authorize(user, request, policy).Allowed) continue;
            new AccessDenial(user, request).AttachTo(http);
            return;
        }
        http.Items[UserKey] = user;
        context.Succeed(requirement);
    }
}
