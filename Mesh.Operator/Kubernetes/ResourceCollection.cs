namespace Mesh.Operator.Kubernetes;

/// <summary>Any kind's objects (in one namespace, or cluster-scoped ones), narrowed by a label selector, listed and watched through <see cref="ClusterApi"/>.</summary>
public sealed class ResourceCollection(ClusterApi api, WatchedResource resource) : IWatchedCollection
{
    // The server closes a watch after this long; the watcher then resumes from the last resourceVersion.
    private const int WatchSeconds = 300;

    public string Name => resource.Namespace.Length == 0 ? resource.Describe() : $"{resource.Describe()} in {resource.Namespace}";

    public async Task<(IReadOnlyList<JsonObject> Items, string ResourceVersion)> ListAsync(CancellationToken cancellation)
    {
        var list = await api.GetAsync(resource.Path, cancellation)
            ?? throw new HttpRequestException($"the cluster no longer serves {resource.Kind.Plural} in {resource.Kind.ApiVersion}", null, System.Net.HttpStatusCode.NotFound);
        var items = (list["items"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        // A list's items carry neither apiVersion nor kind; the events say what the object is.
        foreach (var item in items)
        {
            item["apiVersion"] ??= resource.Kind.ApiVersion;
            item["kind"] ??= resource.Kind.Kind;
        }
        return (items, (string?)list["metadata"]?["resourceVersion"] ?? "");
    }

    public IAsyncEnumerable<(k8s.WatchEventType Type, JsonObject Object)> WatchAsync(string resourceVersion, Action<Exception> onError, CancellationToken cancellation) =>
        api.WatchAsync(resource.Path, resourceVersion, WatchSeconds, onError, cancellation);
}
