using System.Diagnostics.Metrics;

namespace Mesh.Grains.Delivery;

/// <summary>The mesh's counters, exported at <c>/metrics</c>.</summary>
public sealed class MeshMetrics
{
    public const string MeterName = "Mesh";

    public MeshMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        Accepted = meter.CreateCounter<long>("mesh.events.accepted", description: "Events accepted by an ingress.");
        Delivered = meter.CreateCounter<long>("mesh.events.delivered", description: "Events a subscriber accepted.");
        Retried = meter.CreateCounter<long>("mesh.events.retries", description: "Delivery attempts after the first.");
        DeadLettered = meter.CreateCounter<long>("mesh.events.dead_lettered", description: "Events sent to a dead-letter sink.");
        Lost = meter.CreateCounter<long>("mesh.events.lost", description: "Events that failed delivery with nowhere left to go.");
        TtlExpired = meter.CreateCounter<long>("mesh.events.ttl_expired", description: "Events dropped because knativebrokerttl ran out.");
        Replies = meter.CreateCounter<long>("mesh.events.replies", description: "Replies that re-entered the mesh.");
        SourceEventsDropped = meter.CreateCounter<long>("mesh.sources.events_dropped", description: "Source events acknowledged and dropped (a GitHub event type the source does not take).");
        Recovered = meter.CreateCounter<long>("mesh.journal.recovered", description: "Deliveries read back from the journal: a backlog that did not fit in memory, or what was owed after a restart or a lost hand-off.");
        Spilled = meter.CreateCounter<long>("mesh.delivery.spilled", description: "Deliveries left on disk because their trigger or subscription held Mesh:Delivery:MaxQueuedPerTrigger in memory; read back in order later.");
        Queued = meter.CreateUpDownCounter<long>("mesh.delivery.queued", description: "Deliveries held in memory (queued, in flight or waiting for a retry), all triggers, subscriptions and sources together.");
        JournalCommits = meter.CreateCounter<long>("mesh.journal.commits", description: "Journal transactions committed (durable mode); each carries a group of writes.");
        JournalFailures = meter.CreateCounter<long>("mesh.journal.failures", description: "Journal transactions that failed; their events were answered 503.");
        DeliveryDuration = meter.CreateHistogram<double>("mesh.delivery.duration", "ms", "Time from dequeue to final outcome.");
    }

    public Counter<long> Accepted { get; }
    public Counter<long> Delivered { get; }
    public Counter<long> Retried { get; }
    public Counter<long> DeadLettered { get; }
    public Counter<long> Lost { get; }
    public Counter<long> TtlExpired { get; }
    public Counter<long> Replies { get; }
    public Counter<long> SourceEventsDropped { get; }
    public Counter<long> Recovered { get; }
    public Counter<long> Spilled { get; }
    public UpDownCounter<long> Queued { get; }
    public Counter<long> JournalCommits { get; }
    public Counter<long> JournalFailures { get; }
    public Histogram<double> DeliveryDuration { get; }
}
