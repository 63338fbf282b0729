using Mesh.Grains.Durability;
using Mesh.Grains.Events;
using Mesh.Grains.Filtering;
using Mesh.Grains.Telemetry;
using Mesh.Grains.Triggers;
using Orleans.BroadcastChannel;

namespace Mesh.Grains.Brokers;

// One router per broker, activated by the broker's broadcast channel itself (implicit subscription).
[GrainType("mesh.broker-router"), ImplicitChannelSubscription(BrokerBroadcast.BrokerNamespace), CollectionAgeLimit(AlwaysActive = true)]
public sealed class BrokerRouterGrain(
    [PersistentState("router", "mesh")] IPersistentState<BrokerRouterState> state,
    IEventJournal journal,
    TimeProvider time) : Grain, IBrokerRouterGrain, IOnBroadcastChannelSubscribed
{
    private readonly FilterIndex _index = new();
    private JournalAppender? _journal;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var (trigger, filter) in state.State.Triggers) _index.Set(trigger, filter);
        return Task.CompletedTask;
    }

    public async Task SetTrigger(string trigger, FilterSpec filter)
    {
        _index.Set(trigger, filter);
        if (state.State.Triggers.TryGetValue(trigger, out var existing) && SameFilter(existing, filter)) return;
        state.State.Triggers[trigger] = filter;
        await state.WriteStateAsync();
    }

    public async Task RemoveTrigger(string trigger)
    {
        _index.Remove(trigger);
        if (state.State.Triggers.Remove(trigger)) await state.WriteStateAsync();
    }

    public Task<bool> HasTrigger(string trigger) => Task.FromResult(state.State.Triggers.ContainsKey(trigger));

    public async Task Route(EventEnvelope[] events)
    {
        _journal ??= new JournalAppender(journal, JournalNames.Broker(this.GetPrimaryKeyString()), time);
        var matched = new List<(EventEnvelope, IReadOnlyList<string>)>(events.Length);
        foreach (var e in events) matched.Add(Routed(e, [.. _index.Match(e).Select(JournalNames.Trigger)]));
        foreach (var owed in await _journal.AppendAsync(matched))
            foreach (var consumer in owed.Consumers)
                _ = GrainFactory.GetGrain<ITriggerGrain>(JournalNames.KeyOf(consumer)).DeliverJournaled(owed.Envelope, owed.Sequence);
    }

    public Task OnSubscribed(IBroadcastChannelSubscription subscription) =>
        subscription.Attach<EventEnvelope[]>(OnPublished);

    private Task OnPublished(EventEnvelope[] events)
    {
        foreach (var published in events)
        {
            if (MeshTracing.Enabled)
            {
                var (item, triggers) = Routed(published, [.. _index.Match(published)]);
                foreach (var trigger in triggers) _ = GrainFactory.GetGrain<ITriggerGrain>(trigger).Deliver(item);
                continue;
            }
            foreach (var trigger in _index.Match(published))
                _ = GrainFactory.GetGrain<ITriggerGrain>(trigger).Deliver(published);
        }
        return Task.CompletedTask;
    }

    // Routing as a span of its own (when tracing), so that each trigger's attempts hang under it.
    private (EventEnvelope, IReadOnlyList<string>) Routed(EventEnvelope envelope, IReadOnlyList<string> triggers)
    {
        using var span = MeshTracing.StartRoute(envelope, TagNames.Broker, this.GetPrimaryKeyString());
        span?.SetTag("mesh.triggers.matched", triggers.Count);
        return (MeshTracing.Under(envelope, span), triggers);
    }

    // Records holding arrays compare by reference; compare what they serialize to instead.
    private static bool SameFilter(FilterSpec a, FilterSpec b) =>
        System.Text.Json.JsonSerializer.Serialize(a) == System.Text.Json.JsonSerializer.Serialize(b);
}
