using Mesh.Operator.Kinds;

namespace Mesh.Operator.Api;

/// <summary>Kubernetes-style discovery documents, so clients find plurals and short names without a table of their own.</summary>
public static class Discovery
{
    public static JsonObject Groups(KindRegistry kinds) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray([.. kinds.All.Select(k => k.Kind).Where(k => k.Group.Length > 0)
            .GroupBy(k => k.Group)
            .Select(g =>
            {
                var versions = g.Select(k => k.Version).Distinct().Select(v => (JsonNode)new JsonObject
                {
                    ["groupVersion"] = $"{g.Key}/{v}",
                    ["version"] = v,
                }).ToArray();
                return (JsonNode)new JsonObject
                {
                    ["name"] = g.Key,
                    ["versions"] = new JsonArray(versions),
                    ["preferredVersion"] = versions[0].DeepClone(),
                };
            })]),
    };

    public static JsonObject? Resources(KindRegistry kinds, string group, string version)
    {
        var served = kinds.All.Select(k => k.Kind).Where(k => k.Group == group && k.Version == version).ToList();
        if (served.Count == 0) return null;
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = new JsonArray([.. served.Select(k => (JsonNode)new JsonObject
            {
                ["name"] = k.Plural,
                ["singularName"] = k.Singular,
                ["namespaced"] = k.Namespaced,
                ["kind"] = k.Kind,
                ["verbs"] = new JsonArray("get", "list", "watch", "create", "update", "patch", "delete"),
                ["shortNames"] = new JsonArray([.. k.ShortNames.Select(s => (JsonNode)s)]),
                ["categories"] = new JsonArray([.. k.Categories.Select(s => (JsonNode)s)]),
            })]),
        };
    }
}
