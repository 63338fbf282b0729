using Mesh.Grains.Durability;

namespace Mesh.Grains.Delivery;

/// <summary>
/// Journaled deliveries a dispatcher finished lately, so that a read of the journal racing with
/// their settle (committed within milliseconds, or once the database is back) does not queue them
/// again. Kept 30 s, and at most 100,000, so that a busy consumer's memory stays bounded.
/// </summary>
/// <remarks>Not thread-safe: the dispatcher uses it under its lock.</remarks>
internal sealed class RecentlySettled(TimeProvider time)
{
    private static readonly TimeSpan Kept = TimeSpan.FromSeconds(30);
    private const int Limit = 100_000;

    private readonly HashSet<DeliveryKey> _keys = [];
    private readonly Queue<(DeliveryKey Key, long At)> _order = new();

    public bool Contains(DeliveryKey key) => _keys.Contains(key);

    public void Add(DeliveryKey key)
    {
        var now = time.GetTimestamp();
        if (_keys.Add(key)) _order.Enqueue((key, now));
        Expire(now);
    }

    /// <summary>Whether nothing was settled within the last 30 s (no read of the journal can still race with a settle).</summary>
    public bool IsEmpty()
    {
        Expire(time.GetTimestamp());
        return _keys.Count == 0;
    }

    private void Expire(long now)
    {
        while (_order.TryPeek(out var oldest) && (_order.Count > Limit || time.GetElapsedTime(oldest.At, now) > Kept))
        {
            _order.Dequeue();
            _keys.Remove(oldest.Key);
        }
    }
}
