using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.Grains.Delivery;

/// <summary>What every dispatcher shares: the HTTP sender, clock, metrics and settings.</summary>
public sealed class DeliveryServices(EventSender sender, TimeProvider time, MeshMetrics metrics, IOptions<DeliveryOptions> options, ILoggerFactory loggers, Durability.IEventJournal journal)
{
    public Dispatcher CreateDispatcher(DispatchTarget target, IReplyTarget? replies) =>
        new(target, options.Value.MaxInFlightPerTrigger, sender, time, replies, metrics, loggers.CreateLogger<Dispatcher>(), journal);

    public TimeProvider Time => time;

    /// <summary>The journal, or the memory-only stand-in when durability is off.</summary>
    public Durability.IEventJournal Journal => journal;

    /// <summary>
    /// Durable mode: queues on <paramref name="dispatcher"/> what the journal says
    /// <paramref name="consumer"/> still owes and the dispatcher does not already hold. When the
    /// consumer no longer exists (<paramref name="dispatcher"/> null and <paramref name="deleted"/>),
    /// what it owed is owed to nobody and is dropped.
    /// </summary>
    public async Task ResumeOwedAsync(string consumer, Dispatcher? dispatcher, bool deleted, CancellationToken cancellationToken)
    {
        if (!journal.IsDurable) return;
        if (deleted)
        {
            journal.Forget(consumer);
            return;
        }
        if (dispatcher is null) return;
        foreach (var pending in await journal.LoadPendingAsync(consumer, dispatcher.Holds, cancellationToken))
            if (dispatcher.Enqueue(pending)) metrics.Recovered.Add(1);
    }
}
