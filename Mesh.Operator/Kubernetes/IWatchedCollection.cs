using k8s;

namespace Mesh.Operator.Kubernetes;

/// <summary>Something the operator lists and then watches: one kind's custom objects, or one namespace's Secrets.</summary>
public interface IWatchedCollection
{
    /// <summary>What is watched, for logs and health: <c>triggers</c>, <c>secrets in default</c>.</summary>
    string Name { get; }

    Task<(IReadOnlyList<JsonObject> Items, string ResourceVersion)> ListAsync(CancellationToken cancellation);

    /// <summary>Watch events after <paramref name="resourceVersion"/>; an in-stream ERROR goes to <paramref name="onError"/>.</summary>
    IAsyncEnumerable<(WatchEventType Type, JsonObject Object)> WatchAsync(string resourceVersion, Action<Exception> onError, CancellationToken cancellation);
}
