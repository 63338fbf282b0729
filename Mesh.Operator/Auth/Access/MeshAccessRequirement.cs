using Mesh.Operator.Auth.Rbac;
using Microsoft.AspNetCore.Authorization;

namespace Mesh.Operator.Auth.Access;

/// <summary>An endpoint's access rule: every request it describes must be allowed by RBAC (or the control plane is open).</summary>
public sealed class MeshAccessRequirement(Func<HttpContext, IReadOnlyList<AccessRequest>> describe) : IAuthorizationRequirement
{
    public IReadOnlyList<AccessRequest> Describe(HttpContext context) => describe(context);

    /// <summary>A policy of this requirement on the <see cref="Identities.MeshAuthentication.Scheme"/> scheme.</summary>
    public static AuthorizationPolicy Policy(Func<HttpContext, IReadOnlyList<AccessRequest>> describe) =>
        new AuthorizationPolicyBuilder(Identities.MeshAuthentication.Scheme).AddRequirements(new MeshAccessRequirement(describe)).Build();
}
