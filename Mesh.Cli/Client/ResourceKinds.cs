using System.Text.Json.Nodes;

namespace Mesh.Cli.Client;

/// <summary>
/// The catalogue of kinds learned through discovery (the server's <c>/apis</c> and <c>/api/v1</c>),
/// and the lookups the commands need. The CLI keeps no list of its own: what the server serves is
/// what it knows.
/// </summary>
internal sealed class ResourceKinds(IReadOnlyList<ResourceKind> kinds)
{
    public IReadOnlyList<ResourceKind> All => kinds;

    /// <summary>Reads an <c>APIResourceList</c>; subresources such as <c>brokers/status</c> are skipped.</summary>
    public static ResourceKinds Parse(JsonNode? list, string groupVersion)
    {
        var slash = groupVersion.IndexOf('/');
        var group = slash < 0 ? "" : groupVersion[..slash];
        var version = slash < 0 ? groupVersion : groupVersion[(slash + 1)..];
        var found = new List<ResourceKind>();
        foreach (var item in list.At("resources") as JsonArray ?? [])
        {
            var plural = item.At("name").Str();
            var kind = item.At("kind").Str();
            if (plural is null || kind is null || plural.Contains('/'))
                continue;
            var singular = item.At("singularName").Str();
            var shortNames = (item.At("shortNames") as JsonArray ?? []).Select(s => s.Str()).OfType<string>().ToList();
            var categories = (item.At("categories") as JsonArray ?? []).Select(s => s.Str()).OfType<string>().ToList();
            found.Add(new ResourceKind(group, version, plural,
                string.IsNullOrEmpty(singular) ? kind.ToLowerInvariant() : singular,
                kind, item.At("namespaced") is not JsonValue ns || !ns.TryGetValue<bool>(out var n) || n, shortNames, categories));
        }
        return new ResourceKinds(found);
    }

    /// <summary>These kinds, then those of <paramref name="other"/> not already here in some version of their group.</summary>
    public ResourceKinds Concat(ResourceKinds other) =>
        new([.. kinds, .. other.All.Where(o => !kinds.Any(k => k.Group == o.Group && k.Kind == o.Kind))]);

    public ResourceKind? FindByName(string text) => kinds.FirstOrDefault(k => k.IsNamed(text));

    public ResourceKind? FindByKind(string kind) =>
        kinds.FirstOrDefault(k => string.Equals(k.Kind, kind, StringComparison.Ordinal));
}
