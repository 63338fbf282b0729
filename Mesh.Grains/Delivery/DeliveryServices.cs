using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.Grains.Delivery;

/// <summary>What every dispatcher shares: the HTTP sender, clock, metrics and settings.</summary>
public sealed class DeliveryServices(EventSender sender, TimeProvider time, MeshMetrics metrics, IOptions<DeliveryOptions> options, ILoggerFactory loggers, Durability.IEventJournal journal)
{
    public Dispatcher CreateDispatcher(DispatchTarget target, IReplyTarget? replies) =>
        new(target, options.Value.MaxInFlightPerTrigger, sender, time, replies, metrics, loggers.CreateLogger<Dispatcher>(), journal);

    /// <summary>The journal, or the memory-only stand-in when durability is off.</summary>
    public Durability.IEventJournal Journal => journal;

    public MeshMetrics Metrics => metrics;
}
