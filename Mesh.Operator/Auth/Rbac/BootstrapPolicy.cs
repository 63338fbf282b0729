namespace Mesh.Operator.Auth.Rbac;

/// <summary>
/// What every authenticated user may do before any RBAC object is applied, as Kubernetes' bootstrap
/// roles grant it: read the discovery documents and the health paths (<c>system:discovery</c>),
/// and ask what they may do themselves (<c>system:basic-user</c>). Applied objects of the same names
/// replace these.
/// </summary>
public static class BootstrapPolicy
{
    public static readonly IReadOnlyList<RbacRole> Roles =
    [
        new(null, "system:discovery", [PolicyRule.ForPaths(["get"], ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/readyz"])]),
        new(null, "system:basic-user", [PolicyRule.ForResources(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews"])]),
    ];

    public static readonly IReadOnlyList<RbacBinding> Bindings =
    [
        new(null, "system:discovery", new RoleRef("ClusterRole", "system:discovery"), [new RbacSubject(RbacSubject.Group, MeshUser.Authenticated)]),
        new(null, "system:basic-user", new RoleRef("ClusterRole", "system:basic-user"), [new RbacSubject(RbacSubject.Group, MeshUser.Authenticated)]),
    ];
}
