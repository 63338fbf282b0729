namespace Mesh.Operator.Auth.Rbac;

/// <summary>One rule of a Role or ClusterRole: what verbs it allows on which resources, or on which non-resource paths.</summary>
public sealed record PolicyRule(
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> ResourceNames,
    IReadOnlyList<string> NonResourceUrls)
{
    public static PolicyRule ForResources(string[] verbs, string[] apiGroups, string[] resources, string[]? resourceNames = null) =>
        new(verbs, apiGroups, resources, resourceNames ?? [], []);

    public static PolicyRule ForPaths(string[] verbs, string[] paths) => new(verbs, [], [], [], paths);
}
