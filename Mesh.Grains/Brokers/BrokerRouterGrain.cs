using Mesh.Grains.Durability;
using Mesh.Grains.Events;
using Mesh.Grains.Filtering;
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
        foreach (var e in events) matched.Add((e, _index.Match(e).Select(JournalNames.Trigger).ToList()));
        foreach (var owed in await _journal.AppendAsync(matched))
            foreach (var consumer in owed.Consumers)
                _ = GrainFactory.GetGrain<ITriggerGrain>(JournalNames.KeyOf(consumer)).DeliverJournaled(owed.Envelope, owed.Sequence);
    }

    public Task OnSubscribed(IBroadcastChannelSubscription subscription) =>
        subscription.Attach<EventEnvelope[]>(OnPublished);

    private Task OnPublished(EventEnvelope[] events)
    {
        foreach (var item in events)
            foreach (var trigger in _index.Match(item))
                _ = GrainFactory.GetGrain<ITriggerGrain>(trigger).Deliver(item);
        return Task.CompletedTask;
    }

    // Records holding arrays compare by reference; compare what they serialize to instead.
    private static bool SameFilter(FilterSpec a, FilterSpec b) =>
        System.Text.Json.JsonSerializer.Serialize(a) == System.Text.Json.JsonSerializer.Serialize(b);
}
