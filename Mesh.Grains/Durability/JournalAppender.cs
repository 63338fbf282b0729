using Mesh.Grains.Events;

namespace Mesh.Grains.Durability;

/// <summary>
/// A broker's or channel's side of the journal: numbers accepted events and stores those that some
/// consumer is owed, before anyone is told about them. Held by the one activation that owns the
/// broker's or channel's sequence of events in the journal.
/// </summary>
public sealed class JournalAppender(IEventJournal journal, string name, TimeProvider time)
{
    private Task<long>? _start;
    private long _last;

    /// <summary>
    /// Stores the events that have consumers, each with a sequence of its own, and returns them; an
    /// event nobody is owed is not stored (a filtered-out event is already a success).
    /// </summary>
    public async Task<IReadOnlyList<JournalEvent>> AppendAsync(IReadOnlyList<(EventEnvelope Envelope, IReadOnlyList<string> Consumers)> events)
    {
        // Sequences only grow: past anything stored, and past the clock in microseconds, so that a
        // broker whose every event was settled and removed never hands out an old number again.
        var start = await (_start ??= StartAsync());
        if (_last < start) _last = start;
        var owed = new List<JournalEvent>(events.Count);
        foreach (var (envelope, consumers) in events)
            if (consumers.Count > 0) owed.Add(new JournalEvent(++_last, envelope, consumers));
        if (owed.Count > 0) await journal.AppendAsync(name, owed);
        return owed;
    }

    private async Task<long> StartAsync()
    {
        try
        {
            return Math.Max(await journal.LastSequenceAsync(name), time.GetUtcNow().ToUnixTimeMilliseconds() * 1000);
        }
        catch
        {
            _start = null;
            throw;
        }
    }
}
