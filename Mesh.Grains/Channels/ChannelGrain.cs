using Mesh.Grains.Telemetry;
using Mesh.Grains.Durability;
using Mesh.Grains.Events;
using Mesh.Grains.Subscriptions;
using Mesh.Grains.Hosting;

namespace Mesh.Grains.Channels;

[GrainType("mesh.channel")]
public sealed class ChannelGrain(
    [PersistentState("channel", "mesh")] IPersistentState<ChannelState> state,
    IEventJournal journal,
    TimeProvider time) : IngressGrain<ChannelSpec, ChannelState>(state, journal, time), IChannelGrain
{
    private JournalAppender? _journal;
    private RouteName? _routeName;
    // Publish interleaves; appends are taken one at a time so that hand-offs leave in sequence order.
    private readonly SemaphoreSlim _appending = new(1, 1);
    // Memory mode: subscriptions whose memory is full; their events are journaled (spilled) before they are handed over.
    private readonly HashSet<string> _overflowing = new(StringComparer.Ordinal);

    // Every subscription gets every event, so there is nothing to route: the channel hands each
    // event to its attached subscriptions itself, one-way, as a broker's router does for triggers.
    // A failed spill throws (503) before any subscription got anything.
    protected override async Task PublishInMemoryAsync(EventEnvelope[] events)
    {
        if (MeshTracing.Enabled) events = Array.ConvertAll(events, Routed);
        var spilled = Storage.State.Subscribers.Where(_overflowing.Contains).ToList();
        if (spilled.Count > 0) await JournalAndHandOverAsync(events, spilled);
        foreach (var subscriber in Storage.State.Subscribers)
        {
            if (spilled.Contains(subscriber)) continue;
            var subscription = GrainFactory.Get<ISubscriptionGrain>(subscriber);
            foreach (var envelope in events) _ = subscription.Deliver(envelope);
        }
    }

    protected override Task PublishDurablyAsync(EventEnvelope[] events) =>
        JournalAndHandOverAsync(MeshTracing.Enabled ? Array.ConvertAll(events, Routed) : events, [.. Storage.State.Subscribers]);

    public Task SetOverflowing(string subscription, bool overflowing)
    {
        if (overflowing) _overflowing.Add(subscription);
        else _overflowing.Remove(subscription);
        return Task.CompletedTask;
    }

    private async Task JournalAndHandOverAsync(EventEnvelope[] events, List<string> subscribers)
    {
        if (subscribers.Count == 0) return;
        _journal ??= new JournalAppender(Journal, JournalNames.Channel(this.GetPrimaryKeyString()), Time);
        var consumers = subscribers.Select(JournalNames.Subscription).ToList();
        await _appending.WaitAsync();
        try
        {
            foreach (var owed in await _journal.AppendAsync([.. events.Select(e => (e, (IReadOnlyList<string>)consumers))]))
                foreach (var subscriber in subscribers)
                    _ = GrainFactory.Get<ISubscriptionGrain>(subscriber).DeliverJournaled(owed.Envelope, owed.Sequence);
        }
        finally
        {
            _appending.Release();
        }
    }

    // The fan-out as a span of its own, so that each subscription's attempts hang under it.
    private EventEnvelope Routed(EventEnvelope envelope)
    {
        using var span = MeshTracing.StartRoute(envelope, _routeName ??= new RouteName(this.GetPrimaryKeyString()), Storage.State.Subscribers.Count);
        span?.AddTag("mesh.subscriptions", Storage.State.Subscribers.Count);
        return MeshTracing.Under(envelope, span);
    }

    public async Task Attach(string subscription)
    {
        if (Storage.State.Subscribers.Add(subscription)) await Storage.WriteStateAsync();
    }

    public async Task Detach(string subscription)
    {
        _overflowing.Remove(subscription);
        if (Storage.State.Subscribers.Remove(subscription)) await Storage.WriteStateAsync();
    }

    public Task<bool> HasSubscriber(string subscription) => Task.FromResult(Storage.State.Subscribers.Contains(subscription));
}
