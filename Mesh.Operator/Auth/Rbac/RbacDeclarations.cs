using Mesh.Operator.Resources;

namespace Mesh.Operator.Auth.Rbac;

/// <summary>
/// Reads Roles and bindings from their declared JSON (top-level <c>rules</c>, <c>roleRef</c>,
/// <c>subjects</c>, as Kubernetes writes them) and checks them as Kubernetes' validation does.
/// </summary>
public static class RbacDeclarations
{
    public static RbacRole ReadRole(string? @namespace, string name, JsonObject fields, FieldErrors? errors = null)
    {
        var rules = new List<PolicyRule>();
        if (fields["rules"] is { } node && node is not JsonArray) errors?.Add("rules", "rules must be a list");
        var index = 0;
        foreach (var item in fields["rules"] as JsonArray ?? [])
        {
            var path = $"rules[{index++}]";
            if (item is not JsonObject rule)
            {
                errors?.Add(path, "a rule must be an object");
                continue;
            }
            var read = new PolicyRule(
                Strings(rule, "verbs", path, errors), Strings(rule, "apiGroups", path, errors), Strings(rule, "resources", path, errors),
                Strings(rule, "resourceNames", path, errors), Strings(rule, "nonResourceURLs", path, errors));
            if (errors is not null) Validate(read, path, namespaced: @namespace is not null, errors);
            rules.Add(read);
        }
        return new RbacRole(@namespace, name, rules);
    }

    public static RbacBinding ReadBinding(string? @namespace, string name, JsonObject fields, FieldErrors? errors = null)
    {
        var roleRef = fields["roleRef"] as JsonObject;
        if (roleRef is null) errors?.Add("roleRef", "roleRef is required: {apiGroup: rbac.authorization.k8s.io, kind: Role or ClusterRole, name}");
        var refKind = FieldReader.TextOf(roleRef?["kind"]) ?? "";
        var refName = FieldReader.TextOf(roleRef?["name"]) ?? "";
        if (roleRef is not null && errors is not null)
        {
            if (FieldReader.TextOf(roleRef["apiGroup"]) is { } group && group != RbacKinds.Group)
                errors.Add("roleRef.apiGroup", $"must be {RbacKinds.Group} (was '{group}')");
            var allowed = @namespace is null ? ["ClusterRole"] : new[] { "Role", "ClusterRole" };
            if (!allowed.Contains(refKind)) errors.Add("roleRef.kind", $"must be {string.Join(" or ", allowed)} (was '{refKind}')");
            if (refName.Length == 0) errors.Add("roleRef.name", "the role's name is required");
        }
        var subjects = new List<RbacSubject>();
        if (fields["subjects"] is { } node && node is not JsonArray) errors?.Add("subjects", "subjects must be a list");
        var index = 0;
        foreach (var item in fields["subjects"] as JsonArray ?? [])
        {
            var path = $"subjects[{index++}]";
            var subject = new RbacSubject(FieldReader.TextOf(item?["kind"]) ?? "", FieldReader.TextOf(item?["name"]) ?? "", FieldReader.TextOf(item?["namespace"]));
            if (errors is not null) Validate(subject, item, path, @namespace, errors);
            subjects.Add(subject);
        }
        return new RbacBinding(@namespace, name, new RoleRef(refKind, refName), subjects);
    }

    private static void Validate(PolicyRule rule, string path, bool namespaced, FieldErrors errors)
    {
        if (rule.Verbs.Count == 0) errors.Add($"{path}.verbs", "verbs must name at least one verb (get, list, watch, create, update, patch, delete or *)");
        if (rule.NonResourceUrls.Count > 0)
        {
            if (namespaced) errors.Add($"{path}.nonResourceURLs", "namespaced rules cannot apply to non-resource URLs");
            if (rule.ApiGroups.Count > 0 || rule.Resources.Count > 0)
                errors.Add($"{path}.nonResourceURLs", "rules cannot apply to both regular resources and non-resource URLs");
            return;
        }
        if (rule.ApiGroups.Count == 0) errors.Add($"{path}.apiGroups", "resource rules must supply at least one api group (\"\" is the core group)");
        if (rule.Resources.Count == 0) errors.Add($"{path}.resources", "resource rules must supply at least one resource");
    }

    private static void Validate(RbacSubject subject, JsonNode? node, string path, string? bindingNamespace, FieldErrors errors)
    {
        if (node is not JsonObject)
        {
            errors.Add(path, "a subject must be an object");
            return;
        }
        if (subject.Kind is not (RbacSubject.User or RbacSubject.Group or RbacSubject.ServiceAccount))
            errors.Add($"{path}.kind", $"must be User, Group or ServiceAccount (was '{subject.Kind}')");
        if (subject.Name.Length == 0) errors.Add($"{path}.name", "name is required");
        if (subject.Kind == RbacSubject.ServiceAccount && bindingNamespace is null && string.IsNullOrEmpty(subject.Namespace))
            errors.Add($"{path}.namespace", "a ServiceAccount subject of a ClusterRoleBinding needs a namespace");
    }

    private static string[] Strings(JsonObject obj, string field, string path, FieldErrors? errors)
    {
        if (obj[field] is null) return [];
        if (obj[field] is not JsonArray array)
        {
            errors?.Add($"{path}.{field}", $"{field} must be a list of strings");
            return [];
        }
        var values = array.Select(FieldReader.TextOf).ToArray();
        if (values.Any(v => v is null)) errors?.Add($"{path}.{field}", $"{field} must be a list of strings");
        return [.. values.OfType<string>()];
    }
}
