namespace Mesh.Operator.Auth.Rbac;

/// <summary>
/// Kubernetes' RBAC authorizer as a pure function: members of <c>system:masters</c> may do
/// everything; otherwise a request is allowed when a ClusterRoleBinding, or a RoleBinding in the
/// request's namespace, grants one of the user's identities a role with a rule that covers it.
/// Nothing is ever denied explicitly: no matching rule means no.
/// </summary>
public static class RbacAuthorizer
{
    public static AccessDecision Authorize(MeshUser user, AccessRequest request, RbacPolicySnapshot policy)
    {
        if (user.InGroup(MeshUser.Masters)) return new AccessDecision(true, $"member of {MeshUser.Masters}");
        foreach (var binding in policy.ClusterRoleBindings)
            if (Grants(binding, user, request, policy, "") is { } allowed) return allowed;
        // Cluster-scoped requests (and lists across namespaces) are granted by cluster bindings only.
        if (request.IsResourceRequest && request.Namespace.Length > 0)
            foreach (var binding in policy.RoleBindingsIn(request.Namespace))
                if (Grants(binding, user, request, policy, request.Namespace) is { } allowed) return allowed;
        return AccessDecision.Deny();
    }

    private static AccessDecision? Grants(RbacBinding binding, MeshUser user, AccessRequest request, RbacPolicySnapshot policy, string bindingNamespace)
    {
        var subject = binding.Subjects.FirstOrDefault(s => AppliesTo(s, user, bindingNamespace));
        if (subject is null || policy.Resolve(binding) is not { } role) return null;
        if (!role.Rules.Any(rule => RuleMatching.Allows(rule, request))) return null;
        var where = binding.Namespace is null ? "" : $" in namespace \"{binding.Namespace}\"";
        return new AccessDecision(true,
            $"RBAC: allowed by {binding.Kind} \"{binding.Name}\"{where} of {role.Kind} \"{role.Name}\" to {subject.Kind} \"{subject.Name}\"");
    }

    /// <summary>Whether a binding's subject names this user: by name, by one of its groups, or as a service account.</summary>
    public static bool AppliesTo(RbacSubject subject, MeshUser user, string bindingNamespace) => subject.Kind switch
    {
        RbacSubject.User => subject.Name == user.Name,
        RbacSubject.Group => user.InGroup(subject.Name),
        RbacSubject.ServiceAccount => (subject.Namespace is { Length: > 0 } ns ? ns : bindingNamespace) is { Length: > 0 } saNamespace
            && user.Name == ServiceAccountUser(saNamespace, subject.Name),
        _ => false,
    };

    /// <summary>The user name Kubernetes gives a service account: <c>system:serviceaccount:{namespace}:{name}</c>.</summary>
    public static string ServiceAccountUser(string @namespace, string name) => $"system:serviceaccount:{@namespace}:{name}";
}
