namespace Mesh.Grains.Delivery;

/// <summary>
/// Ordered delivery: lets one delivery per key through at a time and queues the others behind it,
/// in the order they came. A key is busy from the moment its delivery goes until it is finished —
/// retries and their waits included — so a retrying event holds back only its own key.
/// </summary>
/// <remarks>Not thread-safe: the dispatcher uses it under its lock.</remarks>
internal sealed class KeyGate<T> where T : class
{
    // A key present is busy; its queue (made on the first follower) holds what waits behind it.
    private readonly Dictionary<string, Queue<T>?> _busy = new(StringComparer.Ordinal);

    /// <summary>Keys with a delivery under way.</summary>
    public int BusyKeys => _busy.Count;

    /// <summary>True when <paramref name="item"/> may go now; otherwise it waits behind its key.</summary>
    public bool Enter(string key, T item)
    {
        if (!_busy.TryGetValue(key, out var waiting))
        {
            _busy[key] = null;
            return true;
        }
        (waiting ??= _busy[key] = new Queue<T>()).Enqueue(item);
        return false;
    }

    /// <summary>The delivery of <paramref name="key"/> finished: the next one of that key, which goes now, if any.</summary>
    public T? Leave(string key)
    {
        if (!_busy.TryGetValue(key, out var waiting)) return null;
        if (waiting is { Count: > 0 }) return waiting.Dequeue();
        _busy.Remove(key);
        return null;
    }
}
