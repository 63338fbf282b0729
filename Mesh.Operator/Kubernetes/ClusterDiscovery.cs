using System.Collections.Concurrent;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kubernetes;

/// <summary>
/// Finds the resource the cluster serves for an apiVersion and kind, through its discovery documents
/// (<c>/apis/{group}/{version}</c>, <c>/api/v1</c>), as kubectl does. What is found is kept; what is
/// not is asked again next time, since a CRD may be installed later.
/// </summary>
public sealed class ClusterDiscovery(ClusterApi api)
{
    private readonly ConcurrentDictionary<(string ApiVersion, string Kind), ResourceKind> _found = new();

    /// <returns>The kind with its plural and scope, or null when the cluster serves no such kind.</returns>
    /// <exception cref="HttpRequestException">The API server could not be asked.</exception>
    public async Task<ResourceKind?> FindAsync(string apiVersion, string kind, CancellationToken cancellation)
    {
        if (_found.TryGetValue((apiVersion, kind), out var known)) return known;
        var (group, version) = apiVersion.Contains('/') ? (apiVersion[..apiVersion.IndexOf('/')], apiVersion[(apiVersion.IndexOf('/') + 1)..]) : ("", apiVersion);
        var path = group.Length == 0 ? $"api/{Uri.EscapeDataString(version)}" : $"apis/{Uri.EscapeDataString(group)}/{Uri.EscapeDataString(version)}";
        if (await api.GetAsync(path, cancellation) is not { } list) return null;
        var resource = (list["resources"] as JsonArray ?? []).OfType<JsonObject>()
            // Subresources (services/status) carry the kind too; the resource itself has no slash.
            .FirstOrDefault(r => FieldReader.TextOf(r["kind"]) == kind && FieldReader.TextOf(r["name"]) is { } name && !name.Contains('/'));
        if (resource is null) return null;
        var found = new ResourceKind(group, version, kind, FieldReader.TextOf(resource["name"])!, [], [],
            Namespaced: resource["namespaced"]?.GetValue<bool>() ?? true);
        return _found.GetOrAdd((apiVersion, kind), found);
    }
}
