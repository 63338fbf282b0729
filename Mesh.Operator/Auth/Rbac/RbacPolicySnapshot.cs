namespace Mesh.Operator.Auth.Rbac;

/// <summary>Every Role, ClusterRole and binding in force at one moment, indexed the way the authorizer reads them.</summary>
public sealed class RbacPolicySnapshot
{
    private readonly Dictionary<(string Namespace, string Name), RbacRole> _roles = [];
    private readonly Dictionary<string, RbacRole> _clusterRoles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<RbacBinding>> _roleBindings = new(StringComparer.Ordinal);
    private readonly List<RbacBinding> _clusterRoleBindings = [];

    public static RbacPolicySnapshot Empty { get; } = new([], []);

    /// <param name="roles">Roles (with a namespace) and ClusterRoles (without).</param>
    /// <param name="bindings">RoleBindings (with a namespace) and ClusterRoleBindings (without).</param>
    public RbacPolicySnapshot(IEnumerable<RbacRole> roles, IEnumerable<RbacBinding> bindings)
    {
        foreach (var role in roles)
        {
            if (role.Namespace is null) _clusterRoles[role.Name] = role;
            else _roles[(role.Namespace, role.Name)] = role;
        }
        foreach (var binding in bindings)
        {
            if (binding.Namespace is null)
            {
                _clusterRoleBindings.Add(binding);
                continue;
            }
            if (!_roleBindings.TryGetValue(binding.Namespace, out var list)) _roleBindings[binding.Namespace] = list = [];
            list.Add(binding);
        }
    }

    public IReadOnlyList<RbacBinding> ClusterRoleBindings => _clusterRoleBindings;

    public IReadOnlyList<RbacBinding> RoleBindingsIn(string @namespace) =>
        _roleBindings.TryGetValue(@namespace, out var list) ? list : [];

    /// <summary>The role a binding refers to: a ClusterRole, or a Role in the binding's own namespace; null when missing.</summary>
    public RbacRole? Resolve(RbacBinding binding) => binding.RoleRef.Kind switch
    {
        "ClusterRole" => _clusterRoles.GetValueOrDefault(binding.RoleRef.Name),
        "Role" when binding.Namespace is { } ns => _roles.GetValueOrDefault((ns, binding.RoleRef.Name)),
        _ => null,
    };
}
