using Mesh.Operator.Controller;
using Mesh.Operator.Kinds.Secret;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kubernetes;

/// <summary>
/// What the Secret watchers feed: a Secret that appears, changes or goes re-reconciles the objects
/// whose <c>secretKeyRef</c> names it, and their status is written back.
/// </summary>
public sealed class SecretChanges(ResourceController controller, KubernetesDeclarations declarations) : IWatchHandler
{
    // A relist may hide changes made while the watch was down, so every listed Secret counts as changed.
    public Task ResyncAsync(IReadOnlyList<JsonObject> items, CancellationToken cancellation) => ChangedAsync(items, cancellation);

    public Task UpsertAsync(JsonObject obj, CancellationToken cancellation) => ChangedAsync([obj], cancellation);

    public Task DeletedAsync(JsonObject obj, CancellationToken cancellation) => ChangedAsync([obj], cancellation);

    private async Task ChangedAsync(IEnumerable<JsonObject> secrets, CancellationToken cancellation)
    {
        var any = false;
        foreach (var secret in secrets)
        {
            var key = new ObjectKey(SecretKind.Resource, (string)secret["metadata"]!["namespace"]!, (string)secret["metadata"]!["name"]!);
            any |= await controller.ReconcileDependantsOfAsync(key, cancellation);
        }
        if (any) await declarations.FlushStatusAsync(cancellation);
    }
}
