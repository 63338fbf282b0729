namespace Mesh.Grains.Durability;

/// <summary>One group of journal writes, committed in one transaction, in this order.</summary>
public sealed class JournalBatch
{
    /// <summary>Events to store: stream, sequence, serialized envelope.</summary>
    public List<(string Stream, long Sequence, byte[] Payload)> Events { get; } = [];

    /// <summary>Deliveries owed, one row per event and consumer.</summary>
    public List<DeliveryKey> Deliveries { get; } = [];

    /// <summary>
    /// Events owed to one consumer only, stored in their delivery's row rather than in a row of
    /// their own: one row to write and one to delete per event instead of two of each, and most
    /// events (one trigger matching) are such. Sequences stay unique per consumer and stream, which
    /// is all a reader relies on.
    /// </summary>
    public List<(DeliveryKey Key, byte[] Payload)> SoleDeliveries { get; } = [];

    /// <summary>Deliveries whose next attempt moved.</summary>
    public List<(DeliveryKey Key, int Attempt, long DueUnixMilliseconds)> Reschedules { get; } = [];

    /// <summary>Deliveries finished; their event goes too once no consumer owes it.</summary>
    public List<DeliveryKey> Settles { get; } = [];

    /// <summary>Consumers deleted with everything they owed.</summary>
    public List<string> Forgets { get; } = [];

    /// <summary>
    /// Whether the commit must be on disk before it completes: only one that stores events, as
    /// their producers are answered after it. Bookkeeping alone answers nobody, and losing it to a
    /// power cut only means some deliveries are made again. Under load about half the commits are
    /// settles alone, and each waited for a flush that no producer was waiting for.
    /// </summary>
    public bool WaitsForDisk => EventCount > 0;

    /// <summary>Events stored by this batch, in rows of their own or with their one delivery.</summary>
    public int EventCount => Events.Count + SoleDeliveries.Count;

    public int Count => Events.Count + Deliveries.Count + SoleDeliveries.Count + Reschedules.Count + Settles.Count + Forgets.Count;

    /// <summary>Moves the writes that do not answer anybody (settles, reschedules, forgets) to a new batch, to try again.</summary>
    public JournalBatch CarryOver()
    {
        var next = new JournalBatch();
        next.Reschedules.AddRange(Reschedules);
        next.Settles.AddRange(Settles);
        next.Forgets.AddRange(Forgets);
        return next;
    }
}
