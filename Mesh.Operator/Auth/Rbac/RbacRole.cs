namespace Mesh.Operator.Auth.Rbac;

/// <summary>A Role (with a namespace) or a ClusterRole (without): a named set of rules.</summary>
public sealed record RbacRole(string? Namespace, string Name, IReadOnlyList<PolicyRule> Rules)
{
    public string Kind => Namespace is null ? RbacKinds.ClusterRole.Kind : RbacKinds.Role.Kind;
}
