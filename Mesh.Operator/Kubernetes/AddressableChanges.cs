using Mesh.Operator.Controller;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kubernetes;

/// <summary>
/// What the watcher of a kind the mesh refers to (an addressable, a SinkBinding's subject) feeds: an
/// object that appears, changes or goes re-reconciles whatever refers to it by name or to its whole
/// kind in its namespace, and their status is written back.
/// </summary>
public sealed class AddressableChanges(ResourceController controller, KubernetesDeclarations declarations)
{
    /// <summary>The name under which an object depends on every object of a kind in a namespace (a SinkBinding's selector).</summary>
    public const string AnyName = "";

    public IWatchHandler For(ResourceKind kind) => new KindChanges(this, kind);

    private async Task ChangedAsync(ResourceKind kind, IEnumerable<JsonObject> objects, CancellationToken cancellation)
    {
        var any = false;
        foreach (var obj in objects)
        {
            var key = new ObjectKey(kind, FieldReader.TextOf(obj["metadata"]?["namespace"]) ?? "", FieldReader.TextOf(obj["metadata"]?["name"]) ?? "");
            any |= await controller.ReconcileDependantsOfAsync(key, cancellation);
            any |= await controller.ReconcileDependantsOfAsync(key with { Name = AnyName }, cancellation);
        }
        if (any) await declarations.FlushStatusAsync(cancellation);
    }

    private sealed class KindChanges(AddressableChanges changes, ResourceKind kind) : IWatchHandler
    {
        // A relist may hide changes made while the watch was down, so every listed object counts as changed.
        public Task ResyncAsync(IReadOnlyList<JsonObject> items, CancellationToken cancellation) => changes.ChangedAsync(kind, items, cancellation);
        public Task UpsertAsync(JsonObject obj, CancellationToken cancellation) => changes.ChangedAsync(kind, [obj], cancellation);
        public Task DeletedAsync(JsonObject obj, CancellationToken cancellation) => changes.ChangedAsync(kind, [obj], cancellation);
    }
}
