using System.Net;
using Mesh.Operator.Kubernetes;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.SinkBinding;

/// <summary>A SinkBinding's subjects in the cluster: found by name or selector, and rewritten (again on a conflict) through <see cref="ClusterApi"/>.</summary>
public sealed class BindingSubjects(ClusterApi api)
{
    private const int Attempts = 5;

    /// <summary>Objects of <paramref name="kind"/> in <paramref name="namespace"/>: the one named, or those <paramref name="selector"/> matches, or (both null) all.</summary>
    public async Task<IReadOnlyList<JsonObject>> FindAsync(ResourceKind kind, string @namespace, string? name, LabelSelector? selector, CancellationToken cancellation)
    {
        var collection = CollectionPath(kind, @namespace);
        if (name is not null)
            return await api.GetAsync($"{collection}/{Uri.EscapeDataString(name)}", cancellation) is { } one ? [one] : [];
        var query = selector is null ? collection : $"{collection}?labelSelector={Uri.EscapeDataString(selector.ToQuery())}";
        var list = await api.GetAsync(query, cancellation);
        return [.. (list?["items"] as JsonArray ?? []).OfType<JsonObject>()];
    }

    /// <summary>Applies <paramref name="change"/> to the subject and writes it back when it changed; read again and retried on a conflict.</summary>
    /// <returns>False when the subject no longer exists.</returns>
    public async Task<bool> UpdateAsync(ResourceKind kind, JsonObject subject, Func<JsonObject, bool> change, CancellationToken cancellation)
    {
        var path = $"{CollectionPath(kind, (string)subject["metadata"]!["namespace"]!)}/{Uri.EscapeDataString((string)subject["metadata"]!["name"]!)}";
        var current = subject;
        for (var attempt = 1; ; attempt++)
        {
            if (!change(current)) return true;
            try
            {
                await api.ReplaceAsync(path, current, cancellation);
                return true;
            }
            catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.Conflict && attempt < Attempts)
            {
                // Changed since it was read (its controller writes status): apply the change to what is there now.
                if (await api.GetAsync(path, cancellation) is not { } fresh) return false;
                current = fresh;
            }
        }
    }

    private static string CollectionPath(ResourceKind kind, string @namespace) => $"{kind.PathPrefix}/namespaces/{@namespace}/{kind.Plural}";
}
