namespace Mesh.Grains.Durability;

/// <summary>
/// Where durable mode keeps accepted events and the deliveries still owed (see docs/durability.md).
/// An event is written once with the consumers that matched it; each consumer settles its own
/// delivery, and the event is dropped when nobody owes it any more.
/// </summary>
public interface IEventJournal
{
    /// <summary>
    /// True in durable mode: an append is what a 202 promises. False in memory mode, where the
    /// journal (a spill file) only keeps what does not fit in a consumer's memory.
    /// </summary>
    bool IsDurable { get; }

    /// <summary>False for the memory-only stand-in, which keeps nothing: no consumer may spill to it.</summary>
    bool HasStorage { get; }

    /// <summary>Stores events and their pending deliveries; completes once committed, so a 202 may follow.</summary>
    Task AppendAsync(string stream, IReadOnlyList<JournalEvent> events);

    /// <summary>Records that a delivery is finished (delivered, dead-lettered, or given up); committed with the next group.</summary>
    void Settle(DeliveryKey key);

    /// <summary>Records that a delivery's next attempt is <paramref name="attempt"/>, due at <paramref name="due"/>.</summary>
    void Reschedule(DeliveryKey key, int attempt, DateTimeOffset due);

    /// <summary>Drops everything a consumer still owes (it was deleted).</summary>
    void Forget(string consumer);

    /// <summary>
    /// The deliveries a consumer still owes, in acceptance order (stream, then sequence), at most
    /// <paramref name="limit"/>, leaving out those <paramref name="held"/> says it already has
    /// (their events are then not even read). Fewer than <paramref name="limit"/> means the consumer
    /// owed no more when the read ended, even where deliveries were settled while it ran.
    /// </summary>
    Task<IReadOnlyList<PendingDelivery>> LoadPendingAsync(string consumer, Func<DeliveryKey, bool>? held = null, int limit = int.MaxValue, CancellationToken cancellationToken = default);

    /// <summary>Consumers that owe at least one delivery.</summary>
    Task<IReadOnlyList<string>> ConsumersWithPendingAsync(CancellationToken cancellationToken = default);

    /// <summary>The highest sequence stored for a stream, or 0.</summary>
    Task<long> LastSequenceAsync(string stream, CancellationToken cancellationToken = default);
}

/// <summary>No journal at all: events live only in memory (hosts that register no spill file, tests).</summary>
public sealed class MemoryOnlyJournal : IEventJournal
{
    public bool IsDurable => false;
    public bool HasStorage => false;
    public Task AppendAsync(string stream, IReadOnlyList<JournalEvent> events) => Task.CompletedTask;
    public void Settle(DeliveryKey key) { }
    public void Reschedule(DeliveryKey key, int attempt, DateTimeOffset due) { }
    public void Forget(string consumer) { }
    public Task<IReadOnlyList<PendingDelivery>> LoadPendingAsync(string consumer, Func<DeliveryKey, bool>? held = null, int limit = int.MaxValue, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PendingDelivery>>([]);
    public Task<IReadOnlyList<string>> ConsumersWithPendingAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([]);
    public Task<long> LastSequenceAsync(string stream, CancellationToken cancellationToken = default) => Task.FromResult(0L);
}
