using Mesh.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.Grains.Delivery;

/// <summary>What every dispatcher shares: the HTTP sender, clock, metrics, settings and the journal.</summary>
public sealed class DeliveryServices(EventSender sender, TimeProvider time, MeshMetrics metrics, IOptions<DeliveryOptions> options, ILoggerFactory loggers, Durability.IEventJournal journal)
{
    /// <summary>
    /// A dispatcher for <paramref name="consumer"/>: at most <c>Mesh:Delivery:MaxQueuedPerTrigger</c>
    /// deliveries in memory when the journal has somewhere to keep the rest, unbounded otherwise.
    /// </summary>
    public Dispatcher CreateDispatcher(DispatchTarget target, IReplyTarget? replies, string consumer, Func<bool, Task>? overflow = null) =>
        new(target, options.Value.MaxInFlightPerTrigger, sender, time, replies, metrics, loggers.CreateLogger<Dispatcher>(), journal,
            journal.HasStorage ? new BacklogOptions(consumer, options.Value.MaxQueuedPerTrigger, overflow) : null);

    public TimeProvider Time => time;

    /// <summary>Forgets what telemetry kept for a deleted consumer while it had no dispatcher (<see cref="MeshMetrics.ForgetResting"/>).</summary>
    public void ForgetTelemetry(string tapKey) => metrics.ForgetResting(tapKey);

    /// <summary><c>Mesh:Delivery:IdleTriggerLifetime</c>.</summary>
    public TimeSpan IdleLifetime => options.Value.IdleTriggerLifetime;

    /// <summary>The journal: durable, a spill file (memory mode), or the memory-only stand-in.</summary>
    public Durability.IEventJournal Journal => journal;

    /// <summary>
    /// Has <paramref name="dispatcher"/> read back what the journal says <paramref name="consumer"/>
    /// still owes and it does not hold. When the consumer no longer exists (<paramref name="deleted"/>),
    /// what it owed is owed to nobody and is dropped.
    /// </summary>
    public void ResumeOwed(string consumer, Dispatcher? dispatcher, bool deleted)
    {
        if (deleted) journal.Forget(consumer);
        else dispatcher?.Recheck();
    }
}
