namespace Mesh.Operator.Auth.Rbac;

/// <summary>The role a binding refers to: <c>Role</c> (in the binding's namespace) or <c>ClusterRole</c>.</summary>
public sealed record RoleRef(string Kind, string Name);

/// <summary>A RoleBinding (with a namespace) or a ClusterRoleBinding (without): grants a role to subjects.</summary>
public sealed record RbacBinding(string? Namespace, string Name, RoleRef RoleRef, IReadOnlyList<RbacSubject> Subjects)
{
    public string Kind => Namespace is null ? RbacKinds.ClusterRoleBinding.Kind : RbacKinds.RoleBinding.Kind;
}
