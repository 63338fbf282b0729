using Mesh.Operator.Resources;

namespace Mesh.Operator.Auth.Rbac;

/// <summary>Kubernetes' <c>rbac.authorization.k8s.io/v1</c> kinds, served by the local resource API only.</summary>
public static class RbacKinds
{
    public const string Group = "rbac.authorization.k8s.io";

    public static readonly ResourceKind Role = new(Group, "v1", "Role", "roles", [], []);
    public static readonly ResourceKind RoleBinding = new(Group, "v1", "RoleBinding", "rolebindings", [], []);
    public static readonly ResourceKind ClusterRole = new(Group, "v1", "ClusterRole", "clusterroles", [], [], Namespaced: false);
    public static readonly ResourceKind ClusterRoleBinding = new(Group, "v1", "ClusterRoleBinding", "clusterrolebindings", [], [], Namespaced: false);

    public static readonly IReadOnlyList<ResourceKind> All = [Role, RoleBinding, ClusterRole, ClusterRoleBinding];

    /// <summary>Whether a kind is one of these (names follow Kubernetes' path-segment rule, not the DNS-label one).</summary>
    public static bool Contains(ResourceKind kind) => kind.Group == Group;
}
