using Mesh.Grains.Durability;
using Mesh.Grains.Events;
using Mesh.Grains.Filtering;
using Mesh.Grains.Telemetry;
using Mesh.Grains.Triggers;
using Orleans.BroadcastChannel;
using Mesh.Grains.Hosting;

namespace Mesh.Grains.Brokers;

// One router per broker, activated by the broker's broadcast channel itself (implicit subscription).
[GrainType("mesh.broker-router"), ImplicitChannelSubscription(BrokerBroadcast.BrokerNamespace), CollectionAgeLimit(AlwaysActive = true)]
public sealed class BrokerRouterGrain(
    [PersistentState("router", "mesh")] IPersistentState<BrokerRouterState> state,
    IEventJournal journal,
    TimeProvider time) : Grain, IBrokerRouterGrain, IOnBroadcastChannelSubscribed
{
    private readonly FilterIndex _index = new();
    private RouteTable _routes = null!;
    // The matched triggers' references, made once: a reference per event and trigger was most of a fan-out's routing cost.
    private readonly Dictionary<string, ITriggerGrain> _references = new(StringComparer.Ordinal);
    // Memory mode: triggers whose memory is full; their events are journaled (spilled) before they are handed over.
    private readonly HashSet<string> _overflowing = new(StringComparer.Ordinal);
    private JournalAppender? _journal;
    private RouteName? _routeName;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _routes = new RouteTable(GrainFactory, this.GetPrimaryKeyString(), state);
        await _routes.LoadAsync();
        foreach (var (trigger, filter) in _routes.Filters) _index.Set(trigger, filter);
    }

    public async Task SetTrigger(string trigger, FilterSpec filter)
    {
        _index.Set(trigger, filter);
        await _routes.SetAsync(trigger, filter);
    }

    public async Task SetTrigger(string trigger, FilterSpec filter, long spec)
    {
        _index.Set(trigger, filter);
        await _routes.SetAsync(trigger, filter, spec);
    }

    public Task<bool> HasTrigger(string trigger, long spec) => Task.FromResult(_routes.IsConfigured(trigger, spec));

    public async Task RemoveTrigger(string trigger)
    {
        _index.Remove(trigger);
        _overflowing.Remove(trigger);
        _references.Remove(trigger);
        await _routes.RemoveAsync(trigger);
    }

    public Task<bool> HasTrigger(string trigger) => Task.FromResult(_routes.Filters.ContainsKey(trigger));

    public Task SetOverflowing(string trigger, bool overflowing)
    {
        if (overflowing) _overflowing.Add(trigger);
        else _overflowing.Remove(trigger);
        return Task.CompletedTask;
    }

    public async Task Route(EventEnvelope[] events)
    {
        var matched = new List<(EventEnvelope, IReadOnlyList<string>)>(events.Length);
        foreach (var e in events) matched.Add(Routed(e, [.. _index.Match(e).Select(JournalNames.Trigger)]));
        await JournalAndHandOverAsync(matched);
    }

    public Task OnSubscribed(IBroadcastChannelSubscription subscription) =>
        subscription.Attach<EventEnvelope[]>(OnPublished);

    // Memory mode. A failed spill throws back to the broker's Publish (503) before any trigger got
    // anything: the producer's retry then duplicates nothing.
    private async Task OnPublished(EventEnvelope[] events)
    {
        if (_overflowing.Count == 0)
        {
            var tracing = MeshTracing.Enabled;
            foreach (var published in events)
            {
                var matched = _index.Match(published);
                var item = tracing ? Routed(published, matched).Item1 : published;
                foreach (var trigger in matched) _ = Trigger(trigger).Deliver(item);
            }
            return;
        }
        var direct = new List<(EventEnvelope, string)>(events.Length);
        var spilled = new List<(EventEnvelope, IReadOnlyList<string>)>();
        foreach (var published in events)
        {
            var matched = _index.Match(published);
            var (item, triggers) = MeshTracing.Enabled ? Routed(published, matched) : (published, matched);
            List<string>? consumers = null;
            foreach (var trigger in triggers)
            {
                if (_overflowing.Contains(trigger)) (consumers ??= []).Add(JournalNames.Trigger(trigger));
                else direct.Add((item, trigger));
            }
            if (consumers is not null) spilled.Add((item, consumers));
        }
        await JournalAndHandOverAsync(spilled);
        foreach (var (item, trigger) in direct) _ = Trigger(trigger).Deliver(item);
    }

    // Hand-offs go out only once the journal has the events, in the order of their sequences; the
    // router's turns do not interleave, so one batch's hand-offs all precede the next's.
    private async Task JournalAndHandOverAsync(List<(EventEnvelope, IReadOnlyList<string>)> events)
    {
        if (events.Count == 0) return;
        _journal ??= new JournalAppender(journal, JournalNames.Broker(this.GetPrimaryKeyString()), time);
        foreach (var owed in await _journal.AppendAsync(events))
            foreach (var consumer in owed.Consumers)
                _ = Trigger(JournalNames.KeyOf(consumer)).DeliverJournaled(owed.Envelope, owed.Sequence);
    }

    private ITriggerGrain Trigger(string key)
    {
        if (!_references.TryGetValue(key, out var reference)) _references[key] = reference = GrainFactory.Get<ITriggerGrain>(key);
        return reference;
    }

    // Routing as a span of its own (when tracing), so that each trigger's attempts hang under it.
    private (EventEnvelope, IReadOnlyList<string>) Routed(EventEnvelope envelope, IReadOnlyList<string> triggers)
    {
        using var span = MeshTracing.StartRoute(envelope, _routeName ??= new RouteName(this.GetPrimaryKeyString()), triggers.Count);
        span?.AddTag("mesh.triggers.matched", triggers.Count);
        return (MeshTracing.Under(envelope, span), triggers);
    }
}
