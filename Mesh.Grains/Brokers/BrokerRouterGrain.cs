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
    private RouteTable _routes = null!;
    private JournalAppender? _journal;

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

    public async Task RemoveTrigger(string trigger)
    {
        _index.Remove(trigger);
        await _routes.RemoveAsync(trigger);
    }

    public Task<bool> HasTrigger(string trigger) => Task.FromResult(_routes.Filters.ContainsKey(trigger));

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
}
