using System.Net;
using k8s.Autorest;
using Mesh.Operator.Addressing;
using Mesh.Operator.Resources;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Kubernetes;

/// <summary>
/// Kubernetes mode's duck-typed addressables: a ref to any kind the cluster serves (a Knative
/// Service, another system's Broker, a CRD of the user's own) resolves to the object's address as
/// <see cref="AddressableStatus"/> reads it. The kind is watched from its first lookup on, so that
/// its objects' changes re-resolve what refers to them. Asked after the mesh's own kinds and
/// <c>v1 Service</c>; in local mode it knows no kind.
/// </summary>
public sealed class ClusterAddressables(
    ClusterDiscovery discovery, KubernetesConnection connection, AddressableWatches watches, IOptions<OperatorModeOptions> mode) : IAddressables
{
    public async Task<Resolution?> AddressOfAsync(KReference reference, string @namespace)
    {
        if (!IsKubernetesMode || reference.Group.Length == 0) return null;
        var what = $"{reference.Kind} {@namespace}/{reference.Name}";
        try
        {
            if (await discovery.FindAsync(reference.ApiVersion, reference.Kind, CancellationToken.None) is not { } kind)
            {
                watches.Await(reference.ApiVersion, reference.Kind);
                return Resolution.Unresolved("NotFound", $"the cluster serves no kind {reference.Kind} in {reference.ApiVersion}");
            }
            // Watched before the read: an object created between the two shows up in the watch's first list.
            watches.Watch(kind);
            var obj = await GetAsync(kind, @namespace, reference.Name);
            return obj is null
                ? Resolution.Unresolved("NotFound", $"{what} does not exist")
                : AddressableStatus.Resolve(obj["status"] as JsonObject, what);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            return Resolution.Unresolved("NotFound", $"{what} could not be read from the Kubernetes API: {e.Message}");
        }
    }

    // Group and kind identify a kind (ResourceKind's equality), so the key matches the watched objects' keys without discovery.
    public ObjectKey? KeyOf(KReference reference, string @namespace) =>
        IsKubernetesMode && reference.Group.Length > 0
            ? new ObjectKey(new ResourceKind(reference.Group, reference.ApiVersion[(reference.Group.Length + 1)..], reference.Kind, "", [], []), @namespace, reference.Name)
            : null;

    private bool IsKubernetesMode => mode.Value.Mode == OperatorMode.Kubernetes;

    private async Task<JsonObject?> GetAsync(ResourceKind kind, string @namespace, string name)
    {
        try
        {
            var objects = connection.Client.CustomObjects;
            using var response = kind.Namespaced
                ? await objects.GetNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(kind.Group, kind.Version, @namespace, kind.Plural, name)
                : await objects.GetClusterCustomObjectWithHttpMessagesAsync<JsonObject>(kind.Group, kind.Version, kind.Plural, name);
            return response.Body;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
