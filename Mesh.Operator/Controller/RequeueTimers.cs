using Mesh.Operator.Resources;
using Microsoft.Extensions.Logging;

namespace Mesh.Operator.Controller;

/// <summary>
/// Reconciles an object again by itself after a delay its reconciler asked for (a transient failure's
/// backoff, such as a GitHub API error). The latest reconcile's answer replaces any earlier request.
/// </summary>
public sealed partial class RequeueTimers(TimeProvider time, ILogger<RequeueTimers> logger) : IDisposable
{
    private readonly Dictionary<ObjectKey, ITimer> _timers = [];
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>What reconciles a due object (the loop sets it).</summary>
    internal Func<ObjectKey, CancellationToken, Task>? Due { get; set; }

    /// <summary>
    /// Runs after a reconcile started by a timer, so that its status reaches where else it is kept
    /// (the cluster, in Kubernetes mode). Default: nothing.
    /// </summary>
    public Func<CancellationToken, Task>? AfterRequeue { get; set; }

    /// <param name="delay">Null to cancel any requeue of the object.</param>
    public void Schedule(ObjectKey key, TimeSpan? delay)
    {
        lock (_timers)
        {
            if (_timers.Remove(key, out var previous)) previous.Dispose();
            if (delay is null || _stopping.IsCancellationRequested) return;
            _timers[key] = time.CreateTimer(_ => _ = FireAsync(key), null, delay.Value, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task FireAsync(ObjectKey key)
    {
        try
        {
            if (Due is { } due) await due(key, _stopping.Token);
            if (AfterRequeue is { } after) await after(_stopping.Token);
        }
        catch (Exception e) when (!_stopping.IsCancellationRequested)
        {
            LogRequeueFailed(logger, e, key.ToString());
        }
        catch (Exception)
        {
            // Shutting down: the next start resyncs everything.
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        lock (_timers)
        {
            foreach (var timer in _timers.Values) timer.Dispose();
            _timers.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconciling {Object} again after its backoff failed")]
    private static partial void LogRequeueFailed(ILogger logger, Exception e, string @object);
}
