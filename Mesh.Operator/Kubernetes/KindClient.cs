using System.Net;
using k8s;
using k8s.Autorest;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kubernetes;

/// <summary>The custom-object calls for one kind: list, watch, get, replace, replace status.</summary>
public sealed class KindClient(IKubernetes client, ResourceKind kind, string? @namespace) : IWatchedCollection
{
    // The server closes a watch after this long; the watcher then resumes from the last resourceVersion.
    private const int WatchSeconds = 300;

    public ResourceKind Kind => kind;

    public string Name => kind.Plural;

    public async Task<(IReadOnlyList<JsonObject> Items, string ResourceVersion)> ListAsync(CancellationToken cancellation)
    {
        using var response = await Request(watch: false, resourceVersion: null, cancellation);
        var list = response.Body;
        var items = (list["items"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        return (items, (string?)list["metadata"]?["resourceVersion"] ?? "");
    }

    // The non-obsolete watch helpers yield untyped objects; this one yields JsonObject like the list.
#pragma warning disable CS0618
    public IAsyncEnumerable<(WatchEventType Type, JsonObject Object)> WatchAsync(string resourceVersion, Action<Exception> onError, CancellationToken cancellation) =>
        Request(watch: true, resourceVersion, cancellation).WatchAsync<JsonObject, JsonObject>(onError, cancellation);
#pragma warning restore CS0618

    /// <returns>The object, or null when the cluster has none of that name.</returns>
    public async Task<JsonObject?> GetAsync(string @namespace, string name, CancellationToken cancellation)
    {
        try
        {
            using var response = await client.CustomObjects.GetNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(
                kind.Group, kind.Version, @namespace, kind.Plural, name, cancellationToken: cancellation);
            return response.Body;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<JsonObject> ReplaceAsync(JsonObject obj, CancellationToken cancellation)
    {
        var (ns, name) = NameOf(obj);
        using var response = await client.CustomObjects.ReplaceNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(
            obj, kind.Group, kind.Version, ns, kind.Plural, name, cancellationToken: cancellation);
        return response.Body;
    }

    public async Task<JsonObject> ReplaceStatusAsync(JsonObject obj, CancellationToken cancellation)
    {
        var (ns, name) = NameOf(obj);
        using var response = await client.CustomObjects.ReplaceNamespacedCustomObjectStatusWithHttpMessagesAsync<JsonObject>(
            obj, kind.Group, kind.Version, ns, kind.Plural, name, cancellationToken: cancellation);
        return response.Body;
    }

    public static bool IsGone(Exception e) => e switch
    {
        HttpOperationException { Response.StatusCode: HttpStatusCode.Gone } => true,
        KubernetesException { Status.Code: 410 } => true,
        _ => false,
    };

    public static bool IsConflictOrMissing(Exception e) =>
        e is HttpOperationException { Response.StatusCode: HttpStatusCode.Conflict or HttpStatusCode.NotFound };

    private Task<HttpOperationResponse<JsonObject>> Request(bool watch, string? resourceVersion, CancellationToken cancellation) =>
        @namespace is null
            ? client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<JsonObject>(
                kind.Group, kind.Version, kind.Plural, allowWatchBookmarks: watch ? true : null, resourceVersion: resourceVersion,
                timeoutSeconds: watch ? WatchSeconds : null, watch: watch, cancellationToken: cancellation)
            : client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(
                kind.Group, kind.Version, @namespace, kind.Plural, allowWatchBookmarks: watch ? true : null, resourceVersion: resourceVersion,
                timeoutSeconds: watch ? WatchSeconds : null, watch: watch, cancellationToken: cancellation);

    private static (string Namespace, string Name) NameOf(JsonObject obj) =>
        ((string)obj["metadata"]!["namespace"]!, (string)obj["metadata"]!["name"]!);
}
