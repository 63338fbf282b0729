namespace Mesh.Operator.Auth.Rbac;

/// <summary>
/// Kubernetes' escalation rules for RBAC writes: a user may write a Role or ClusterRole only with
/// rules it already holds (in the role's namespace, or cluster-wide for a ClusterRole) unless it has
/// the verb <c>escalate</c> on it, and may bind a role only when it holds every rule of that role
/// where the binding grants it, unless it has the verb <c>bind</c> on the role. Holding is checked
/// one verb, group, resource and name (or path) at a time, so that rules spread over several bindings
/// add up, and a wildcard is held only through the same wildcard.
/// </summary>
public static class RbacEscalation
{
    /// <summary>Past this many single permissions a role is not broken down: only <c>escalate</c> or <c>bind</c> lets it through.</summary>
    public const int MaxPermissions = 50_000;

    /// <summary>Whether the user may write this role whatever it grants (verb <c>escalate</c> on it).</summary>
    public static bool MayEscalate(MeshUser user, RbacRole role, RbacPolicySnapshot policy) =>
        RbacAuthorizer.Authorize(user, AccessRequest.ForResource("escalate", RbacKinds.Group, Plural(role.Namespace is null ? "ClusterRole" : "Role"),
            role.Namespace ?? "", role.Name), policy).Allowed;

    /// <summary>Whether the user may bind the role a binding refers to whatever it grants (verb <c>bind</c> on it).</summary>
    public static bool MayBind(MeshUser user, RbacBinding binding, RbacPolicySnapshot policy) =>
        RbacAuthorizer.Authorize(user, AccessRequest.ForResource("bind", RbacKinds.Group, Plural(binding.RoleRef.Kind),
            binding.Namespace ?? "", binding.RoleRef.Name), policy).Allowed;

    /// <summary>
    /// The permissions among <paramref name="rules"/> the user does not hold in <paramref name="namespace"/>
    /// (null: cluster-wide); empty when it holds them all, null when there are too many to check.
    /// </summary>
    public static IReadOnlyList<PolicyRule>? NotHeld(MeshUser user, IEnumerable<PolicyRule> rules, string? @namespace, RbacPolicySnapshot policy)
    {
        if (user.InGroup(MeshUser.Masters)) return [];
        var missing = new List<PolicyRule>();
        var checkedCount = 0;
        foreach (var rule in rules)
        {
            foreach (var (permission, request) in Breakdown(rule, @namespace ?? ""))
            {
                if (++checkedCount > MaxPermissions) return null;
                if (!RbacAuthorizer.Authorize(user, request, policy).Allowed) missing.Add(permission);
            }
        }
        return missing;
    }

    /// <summary>Kubernetes' message: <c>user "alice" (groups=["devs" "system:authenticated"]) is attempting to grant RBAC permissions not currently held: …</c>.</summary>
    public static string Message(MeshUser user, IReadOnlyList<PolicyRule>? missing)
    {
        var who = $"user \"{user.Name}\" (groups=[{string.Join(" ", user.Groups.Select(g => $"\"{g}\""))}])";
        if (missing is null)
            return $"{who} is attempting to grant more than {MaxPermissions} RBAC permissions, which are not checked one by one; it needs the verb escalate (or bind) instead";
        const int shown = 20;
        var listed = string.Join("\n", missing.Take(shown).Select(Describe));
        var more = missing.Count > shown ? $"\n… and {missing.Count - shown} more" : "";
        return $"{who} is attempting to grant RBAC permissions not currently held:\n{listed}{more}";
    }

    /// <summary>One permission as Kubernetes prints a rule: <c>{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}</c>.</summary>
    public static string Describe(PolicyRule rule)
    {
        static string List(IEnumerable<string> values) => "[" + string.Join(" ", values.Select(v => $"\"{v}\"")) + "]";
        if (rule.NonResourceUrls.Count > 0) return $"{{NonResourceURLs:{List(rule.NonResourceUrls)}, Verbs:{List(rule.Verbs)}}}";
        var names = rule.ResourceNames.Count > 0 ? $", ResourceNames:{List(rule.ResourceNames)}" : "";
        return $"{{APIGroups:{List(rule.ApiGroups)}, Resources:{List(rule.Resources)}{names}, Verbs:{List(rule.Verbs)}}}";
    }

    // Each value is taken literally: a rule's "*" is held only by a rule with "*", as in Kubernetes' coverage check.
    private static IEnumerable<(PolicyRule Permission, AccessRequest Request)> Breakdown(PolicyRule rule, string @namespace)
    {
        if (rule.NonResourceUrls.Count > 0)
        {
            foreach (var verb in rule.Verbs)
                foreach (var url in rule.NonResourceUrls)
                    yield return (PolicyRule.ForPaths([verb], [url]), AccessRequest.ForPath(verb, url));
            yield break;
        }
        var names = rule.ResourceNames.Count > 0 ? rule.ResourceNames : [""];
        foreach (var verb in rule.Verbs)
            foreach (var group in rule.ApiGroups)
                foreach (var resource in rule.Resources)
                    foreach (var name in names)
                    {
                        var slash = resource.IndexOf('/');
                        var (main, sub) = slash < 0 ? (resource, "") : (resource[..slash], resource[(slash + 1)..]);
                        yield return (PolicyRule.ForResources([verb], [group], [resource], name.Length > 0 ? [name] : null),
                            AccessRequest.ForResource(verb, group, main, @namespace, name, sub));
                    }
    }

    private static string Plural(string roleKind) => roleKind == "Role" ? RbacKinds.Role.Plural : RbacKinds.ClusterRole.Plural;
}
