namespace Mesh.Operator.Auth.Rbac;

/// <summary>Who a binding grants its role to: a <c>User</c>, a <c>Group</c> or a <c>ServiceAccount</c>.</summary>
public sealed record RbacSubject(string Kind, string Name, string? Namespace = null)
{
    public const string User = "User";
    public const string Group = "Group";
    public const string ServiceAccount = "ServiceAccount";
}
