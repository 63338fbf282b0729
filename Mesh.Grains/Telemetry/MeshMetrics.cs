using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Mesh.Grains.Delivery;
using Mesh.Grains.Tail;

namespace Mesh.Grains.Telemetry;

/// <summary>
/// The mesh's instruments, exported at <c>/metrics</c> (docs/observability.md lists them), and the
/// per-object telemetry that records into them with the object's labels.
/// </summary>
public sealed class MeshMetrics
{
    public const string MeterName = "Mesh";

    // Latencies here run from a millisecond to the minutes a retry schedule can take.
    private static readonly IReadOnlyList<double> SecondsBuckets =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
    private static readonly IReadOnlyList<long> CountBuckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 8192];

    private readonly ConcurrentDictionary<DeliveryTelemetry, byte> _deliveries = new();
    // By tap key: the telemetry of objects whose dispatcher stopped while they live on (idle triggers let go).
    private readonly ConcurrentDictionary<string, DeliveryTelemetry> _resting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Kind, string Namespace, string Name), IngressTelemetry> _ingresses = new();
    // Journals of this process and how many writes each has waiting for a commit.
    private readonly ConcurrentDictionary<Func<string>, Func<long>> _journalQueues = new();

    public MeshMetrics(IMeterFactory meters, TelemetryOptions? options = null, TapBoard? taps = null, TailPublisher? tail = null, TimeProvider? time = null)
    {
        Options = options ?? new TelemetryOptions();
        Taps = taps ?? new TapBoard();
        Tail = tail;
        Time = time ?? TimeProvider.System;
        EventTypes = new BoundedValues(Options.MaxEventTypes);
        var meter = meters.Create(MeterName);

        IngressEvents = meter.CreateCounter<long>("mesh.ingress.events", "{event}", "Events offered to a broker's or channel's ingress, by the status answered.");
        Routed = meter.CreateCounter<long>("mesh.events.routed", "{event}", "Events handed to a trigger or subscription (a broker's filter matched, or a channel fanned out).");
        Attempts = meter.CreateCounter<long>("mesh.delivery.attempts", "{attempt}", "HTTP delivery attempts, by the class of the answer.");
        Delivered = meter.CreateCounter<long>("mesh.events.delivered", "{event}", "Events a subscriber accepted.");
        Retried = meter.CreateCounter<long>("mesh.delivery.retries", "{retry}", "Retries scheduled after a failed attempt.");
        DeadLettered = meter.CreateCounter<long>("mesh.events.dead_lettered", "{event}", "Events sent to a dead-letter sink.");
        Dropped = meter.CreateCounter<long>("mesh.events.dropped", "{event}", "Events given up: knativebrokerttl ran out, or delivery failed with no (working) dead-letter sink.");
        Replies = meter.CreateCounter<long>("mesh.events.replies", "{event}", "Replies from subscribers, by what became of them.");
        SourceEvents = meter.CreateCounter<long>("mesh.source.events", "{event}", "Events a source took in but did not emit, by outcome (dropped: a GitHub event type the source does not take).");
        Recovered = meter.CreateCounter<long>("mesh.journal.recovered", "{delivery}", "Deliveries read back from the journal: a backlog that did not fit in memory, or what was owed after a restart or a lost hand-off.");
        Spilled = meter.CreateCounter<long>("mesh.delivery.spilled", "{delivery}", "Deliveries left on disk because their trigger, subscription or source held Mesh:Delivery:MaxQueuedPerTrigger in memory; read back in order later.");
        Queued = meter.CreateUpDownCounter<long>("mesh.delivery.queued", "{delivery}", "Deliveries held in memory (queued, in flight or waiting for a retry) per trigger, subscription or source; changes as they happen, where mesh.delivery.queue.depth is sampled.");
        JournalCommits = meter.CreateCounter<long>("mesh.journal.commits", "{commit}", "Journal transactions committed (durable mode); each carries a group of writes.");
        JournalFailures = meter.CreateCounter<long>("mesh.journal.failures", "{commit}", "Journal transactions that failed; their events were answered 503.");
        AttemptDuration = meter.CreateHistogram("mesh.delivery.attempt.duration", "s", "One HTTP delivery attempt, from request to answer.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        DeliveryLatency = meter.CreateHistogram("mesh.delivery.duration", "s", "From acceptance at the ingress to the subscriber's accepting answer, retries included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        JournalCommitDuration = meter.CreateHistogram("mesh.journal.commit.duration", "s", "One journal transaction (durable mode).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        JournalCommitEvents = meter.CreateHistogram("mesh.journal.commit.events", "{event}", "Events one journal transaction stored (durable mode).",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = CountBuckets });
        IngressPublishEvents = meter.CreateHistogram<long>("mesh.ingress.publish.events", "{event}", "Events one ingress publish carried: requests to one broker or channel that arrived together go as one grain call.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = CountBuckets });
        meter.CreateObservableGauge("mesh.delivery.queue.depth", () => Observe(d => d.QueueDepth), "{event}", "Events queued or in flight per trigger or subscription, retries included.");
        meter.CreateObservableGauge("mesh.delivery.retries.pending", () => Observe(d => d.PendingRetries), "{event}", "Deliveries waiting for their next retry per trigger or subscription.");
        meter.CreateObservableGauge("mesh.journal.queue.depth", ObserveJournals, "{write}", "Journal writes (events, settles, retries) waiting for the next commit.");
    }

    public TelemetryOptions Options { get; }
    public TapBoard Taps { get; }
    public TailPublisher? Tail { get; }
    public TimeProvider Time { get; }

    /// <summary>The <c>event_type</c> values this meter labels with; see <see cref="TelemetryOptions.MaxEventTypes"/>.</summary>
    public BoundedValues EventTypes { get; }

    public Counter<long> IngressEvents { get; }
    public Counter<long> Routed { get; }
    public Counter<long> Attempts { get; }
    public Counter<long> Delivered { get; }
    public Counter<long> Retried { get; }
    public Counter<long> DeadLettered { get; }
    public Counter<long> Dropped { get; }
    public Counter<long> Replies { get; }
    public Counter<long> SourceEvents { get; }
    public Counter<long> Recovered { get; }
    public Counter<long> Spilled { get; }
    public UpDownCounter<long> Queued { get; }
    public Counter<long> JournalCommits { get; }
    public Counter<long> JournalFailures { get; }
    public Histogram<double> AttemptDuration { get; }
    public Histogram<double> DeliveryLatency { get; }
    public Histogram<double> JournalCommitDuration { get; }
    public Histogram<long> JournalCommitEvents { get; }
    public Histogram<long> IngressPublishEvents { get; }

    public void JournalCommitted(string journal, int events, TimeSpan duration)
    {
        var tags = new TagList { { TagNames.Journal, journal } };
        JournalCommits.Add(1, tags);
        JournalCommitDuration.Record(duration.TotalSeconds, tags);
        JournalCommitEvents.Record(events, tags);
    }

    /// <summary>Reports a journal's waiting writes (<c>mesh.journal.queue.depth</c>) until <paramref name="until"/> is cancelled.</summary>
    public void ObserveJournal(Func<string> journal, Func<long> queued, CancellationToken until)
    {
        _journalQueues[journal] = queued;
        until.Register(() => _journalQueues.TryRemove(journal, out _));
    }

    public void JournalFailed(string journal) => JournalFailures.Add(1, new TagList { { TagNames.Journal, journal } });

    /// <summary>
    /// The telemetry of one dispatcher, labelled with its trigger, subscription or source; it counts
    /// towards the gauges until disposed.
    /// </summary>
    public DeliveryTelemetry ForDelivery(DispatchTarget target, Func<long> queueDepth)
    {
        var scope = target.Scope ?? DeliveryScope.Guess(target);
        if (_resting.TryRemove(scope.TapKey, out var resting))
        {
            // The scope's labels array makes record equality fail between two equal scopes: compare what names it.
            if (resting.Scope.Kind == scope.Kind && resting.Scope.ParentTapKey == scope.ParentTapKey)
            {
                resting.Wake(queueDepth);
                return resting;
            }
            // Moved to another broker or channel: its labels changed, so its series start again.
            _deliveries.TryRemove(resting, out _);
        }
        var telemetry = new DeliveryTelemetry(this, scope, queueDepth);
        _deliveries[telemetry] = 0;
        return telemetry;
    }

    internal void Forget(DeliveryTelemetry telemetry)
    {
        _deliveries.TryRemove(telemetry, out _);
        _resting.TryRemove(new KeyValuePair<string, DeliveryTelemetry>(telemetry.Scope.TapKey, telemetry));
    }

    /// <summary>Forgets the counts kept for an object whose dispatcher had stopped (it was deleted meanwhile).</summary>
    public void ForgetResting(string tapKey)
    {
        if (_resting.TryRemove(tapKey, out var resting)) _deliveries.TryRemove(resting, out _);
    }

    // Still reported (queue depth 0, counts as they were) until its object's next dispatcher takes it over.
    internal void Rest(DeliveryTelemetry telemetry) => _resting[telemetry.Scope.TapKey] = telemetry;

    /// <summary>A broker's or channel's ingress telemetry, made once per object and process.</summary>
    /// <param name="kind"><see cref="TagNames.Broker"/> or <see cref="TagNames.Channel"/>.</param>
    public IngressTelemetry ForIngress(string kind, string @namespace, string name) =>
        _ingresses.TryGetValue((kind, @namespace, name), out var known)
            ? known
            : _ingresses.GetOrAdd((kind, @namespace, name), key => new IngressTelemetry(this, key.Kind, key.Namespace, key.Name));

    /// <summary>The ingress telemetry of an object this process has already seen accept or refuse as existing, else null.</summary>
    public IngressTelemetry? FindIngress(string kind, string @namespace, string name) =>
        _ingresses.TryGetValue((kind, @namespace, name), out var known) ? known : null;

    /// <summary>Cumulative counts of every object this process has telemetry for, for the topology page.</summary>
    public IReadOnlyList<ObjectStats> Snapshot()
    {
        var stats = new List<ObjectStats>(_deliveries.Count + _ingresses.Count);
        foreach (var ingress in _ingresses.Values) stats.Add(ingress.Snapshot());
        foreach (var delivery in _deliveries.Keys) stats.Add(delivery.Snapshot());
        return stats;
    }

    /// <summary>The failed attempts remembered for one object (a tap key such as <c>triggers/ns/name</c>).</summary>
    public IReadOnlyList<FailureRecord> FailuresOf(string key) =>
        [.. _deliveries.Keys.Where(d => d.Scope.TapKey == key).SelectMany(d => d.Failures())];

    private IEnumerable<Measurement<long>> ObserveJournals()
    {
        foreach (var (journal, queued) in _journalQueues)
            yield return new Measurement<long>(queued(), new KeyValuePair<string, object?>(TagNames.Journal, journal()));
    }

    private IEnumerable<Measurement<long>> Observe(Func<DeliveryTelemetry, long> value)
    {
        foreach (var delivery in _deliveries.Keys) yield return new Measurement<long>(value(delivery), delivery.Scope.Tags);
    }
}
