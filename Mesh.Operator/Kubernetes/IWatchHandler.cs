namespace Mesh.Operator.Kubernetes;

/// <summary>What a <see cref="KindWatcher"/> does with what it lists and watches.</summary>
public interface IWatchHandler
{
    /// <summary>After a (re)list: everything that exists now.</summary>
    Task ResyncAsync(IReadOnlyList<JsonObject> items, CancellationToken cancellation);

    /// <summary>An object was added or modified.</summary>
    Task UpsertAsync(JsonObject obj, CancellationToken cancellation);

    Task DeletedAsync(JsonObject obj, CancellationToken cancellation);
}
