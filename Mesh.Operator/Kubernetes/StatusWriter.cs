using System.Collections.Concurrent;
using Mesh.Operator.Conditions;
using Mesh.Operator.Controller;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;
using Microsoft.Extensions.Logging;

namespace Mesh.Operator.Kubernetes;

/// <summary>
/// Writes the status the reconcilers observed back to each custom resource through its status
/// subresource, only where it differs from what the cluster holds. One flush covers every object,
/// because a change reconciles dependants too (a broker's triggers).
/// </summary>
public sealed partial class StatusWriter(DeclarationStore store, KindClients clients, TimeProvider time, ILogger<StatusWriter> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task FlushAsync(ConcurrentDictionary<ObjectKey, JsonObject> seen, CancellationToken cancellation)
    {
        await _gate.WaitAsync(cancellation);
        try
        {
            foreach (var (key, obj) in seen)
            {
                if (await store.GetAsync(key) is not { } declaration) continue;
                var desired = InClusterTerms(declaration, obj);
                if (JsonNode.DeepEquals(obj["status"], desired)) continue;
                var written = await WriteAsync(clients.For(key.Kind), obj, desired, cancellation);
                // The watch may already have brought a newer version; keep whichever is newer.
                if (written is not null) seen.TryUpdate(key, written, obj);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A declaration the reconciler refused: Ready False with the field errors, as the API server would have said at admission.</summary>
    public Task WriteInvalidAsync(KindClient client, JsonObject obj, ApplyResult result, CancellationToken cancellation)
    {
        var message = string.Join("; ", (result.Errors ?? []).Select(e => $"{e.Field}: {e.Message}"));
        var previous = obj["status"] as JsonObject ?? [];
        var status = new JsonObject
        {
            ["observedGeneration"] = obj["metadata"]?["generation"]?.DeepClone(),
            ["conditions"] = ConditionSet.Failed(previous, time, "InvalidSpec", message),
        };
        return JsonNode.DeepEquals(previous, status) ? Task.CompletedTask : WriteAsync(client, obj, status, cancellation);
    }

    private async Task<JsonObject?> WriteAsync(KindClient client, JsonObject obj, JsonObject status, CancellationToken cancellation)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy["status"] = status.DeepClone();
        try
        {
            var written = await client.ReplaceStatusAsync(copy, cancellation);
            LogWritten(logger, client.Kind.Plural, (string?)obj["metadata"]?["namespace"], (string?)obj["metadata"]?["name"]);
            return written;
        }
        catch (Exception e) when (KindClient.IsConflictOrMissing(e))
        {
            // Stale resourceVersion or gone: the watch brings the newer object, and with it another flush.
            return null;
        }
    }

    /// <summary>
    /// The mesh counts generations of its own store; in the cluster, observedGeneration must be the
    /// object's metadata.generation. Both advance on spec changes only, so an up-to-date store maps to it.
    /// </summary>
    private JsonObject InClusterTerms(Declaration declaration, JsonObject obj)
    {
        var status = (JsonObject)declaration.Status.DeepClone();
        if (status["observedGeneration"] is JsonValue observed && observed.GetValue<long>() == declaration.Generation && obj["metadata"]?["generation"] is { } generation)
            status["observedGeneration"] = generation.DeepClone();
        return status;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Wrote status of {Plural} {Namespace}/{Name}")]
    private static partial void LogWritten(ILogger logger, string plural, string? @namespace, string? name);
}
