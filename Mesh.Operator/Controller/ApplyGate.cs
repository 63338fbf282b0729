namespace Mesh.Operator.Controller;

/// <summary>
/// Who may change declarations at the same time: any number of leaf applies (objects nothing refers
/// to and whose reconcile changes no other object, such as triggers), or one change of anything
/// else. Waiters are let in in arrival order, a change of anything else never overtaken by leaf
/// applies that arrive after it; two applies of the same object never run together.
/// </summary>
internal sealed class ApplyGate
{
    private const int Stripes = 64;

    private readonly Lock _lock = new();
    private readonly Queue<Waiter> _waiting = new();
    private readonly SemaphoreSlim[] _objects = [.. Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1))];
    private int _leaves;
    private bool _exclusive;

    /// <summary>Runs <paramref name="work"/> while nothing else changes.</summary>
    public async Task<T> ExclusiveAsync<T>(Func<Task<T>> work, CancellationToken cancellation)
    {
        await EnterAsync(exclusive: true, cancellation);
        try
        {
            return await work();
        }
        finally
        {
            Exit(exclusive: true);
        }
    }

    /// <summary>Runs <paramref name="work"/> beside other leaf applies, but not beside another apply of <paramref name="key"/>.</summary>
    public async Task<T> LeafAsync<T>(object key, Func<Task<T>> work, CancellationToken cancellation)
    {
        var stripe = _objects[(key.GetHashCode() & int.MaxValue) % Stripes];
        await stripe.WaitAsync(cancellation);
        try
        {
            await EnterAsync(exclusive: false, cancellation);
            try
            {
                return await work();
            }
            finally
            {
                Exit(exclusive: false);
            }
        }
        finally
        {
            stripe.Release();
        }
    }

    private async Task EnterAsync(bool exclusive, CancellationToken cancellation)
    {
        Waiter waiter;
        lock (_lock)
        {
            if (_waiting.Count == 0 && CanEnter(exclusive))
            {
                Admit(exclusive);
                return;
            }
            waiter = new Waiter(exclusive);
            _waiting.Enqueue(waiter);
        }
        // A waiter cancelled before its turn leaves the queue; one let in meanwhile keeps its turn.
        using var registration = cancellation.Register(() =>
        {
            lock (_lock)
            {
                if (waiter.Done.TrySetCanceled(cancellation)) LetIn();
            }
        });
        await waiter.Done.Task;
    }

    private void Exit(bool exclusive)
    {
        lock (_lock)
        {
            if (exclusive) _exclusive = false;
            else _leaves--;
            LetIn();
        }
    }

    // Called under the lock: the waiters at the head of the queue that may enter now.
    private void LetIn()
    {
        while (_waiting.TryPeek(out var next))
        {
            if (next.Done.Task.IsCompleted)
            {
                _waiting.Dequeue();
                continue;
            }
            if (!CanEnter(next.Exclusive)) return;
            _waiting.Dequeue();
            Admit(next.Exclusive);
            next.Done.TrySetResult();
        }
    }

    private bool CanEnter(bool exclusive) => !_exclusive && (!exclusive || _leaves == 0);

    private void Admit(bool exclusive)
    {
        if (exclusive) _exclusive = true;
        else _leaves++;
    }

    private sealed record Waiter(bool Exclusive)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
