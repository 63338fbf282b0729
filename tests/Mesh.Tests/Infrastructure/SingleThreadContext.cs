using System.Collections.Concurrent;

namespace Mesh.Tests.Infrastructure;

/// <summary>
/// Runs async code on the calling thread alone, continuations in the order they were posted, so
/// that a test can say what happens within one turn and what only after it.
/// </summary>
public sealed class SingleThreadContext : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];

    public override void Post(SendOrPostCallback d, object? state) => _queue.Add((d, state));

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("Send would block the only thread.");

    /// <summary>Runs <paramref name="body"/> and every continuation it posts until it completes.</summary>
    public static void Run(Func<Task> body)
    {
        var previous = Current;
        var context = new SingleThreadContext();
        SetSynchronizationContext(context);
        try
        {
            var task = body();
            task.ContinueWith(_ => context._queue.CompleteAdding(), TaskScheduler.Default);
            foreach (var (callback, state) in context._queue.GetConsumingEnumerable()) callback(state);
            task.GetAwaiter().GetResult();
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }
}
