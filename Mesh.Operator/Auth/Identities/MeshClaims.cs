using System.Security.Claims;
using Mesh.Operator.Auth.Rbac;

namespace Mesh.Operator.Auth.Identities;

/// <summary>How every way of signing in carries a <see cref="MeshUser"/> in a <see cref="ClaimsPrincipal"/>.</summary>
public static class MeshClaims
{
    public const string User = "mesh/user";
    public const string Uid = "mesh/uid";
    public const string Group = "mesh/group";

    public static ClaimsPrincipal ToPrincipal(MeshUser user, string authenticationType)
    {
        var claims = new List<Claim> { new(User, user.Name) };
        if (user.Uid is { Length: > 0 } uid) claims.Add(new Claim(Uid, uid));
        claims.AddRange(user.Groups.Select(g => new Claim(Group, g)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, User, Group));
    }

    /// <summary>The user a principal carries, or null for an anonymous request.</summary>
    public static MeshUser? UserOf(ClaimsPrincipal? principal) =>
        principal?.FindFirst(User)?.Value is { } name
            ? MeshUser.Create(name, principal.FindFirst(Uid)?.Value, principal.FindAll(Group).Select(c => c.Value))
            : null;
}
