using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;

namespace Mesh.Operator.Kubernetes;

/// <summary>
/// The core <c>v1 Secret</c>s of one namespace, listed and watched for their identity only: a
/// Secret's values are read when a reconcile needs them (<see cref="ClusterSecrets"/>), never kept.
/// </summary>
public sealed class NamespaceSecrets(IKubernetes client, string @namespace) : IWatchedCollection
{
    // The server closes a watch after this long; the watcher then resumes from the last resourceVersion.
    private const int WatchSeconds = 300;

    public string Name => $"secrets in {@namespace}";

    public async Task<(IReadOnlyList<JsonObject> Items, string ResourceVersion)> ListAsync(CancellationToken cancellation)
    {
        var list = await client.CoreV1.ListNamespacedSecretAsync(@namespace, cancellationToken: cancellation);
        return ([.. list.Items.Select(Identity)], list.Metadata?.ResourceVersion ?? "");
    }

    public async IAsyncEnumerable<(WatchEventType Type, JsonObject Object)> WatchAsync(
        string resourceVersion, Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellation)
    {
        var events = client.CoreV1.WatchListNamespacedSecretAsync(
            @namespace, allowWatchBookmarks: true, resourceVersion: resourceVersion, timeoutSeconds: WatchSeconds,
            onError: onError, cancellationToken: cancellation);
        await foreach (var (type, secret) in events.WithCancellation(cancellation))
            yield return (type, Identity(secret));
    }

    private JsonObject Identity(V1Secret secret) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["namespace"] = secret.Metadata?.NamespaceProperty ?? @namespace,
            ["name"] = secret.Metadata?.Name,
            ["resourceVersion"] = secret.Metadata?.ResourceVersion,
        },
    };
}
