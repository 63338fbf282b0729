using Mesh.Grains.Delivery;
using Mesh.Grains.Durability;
using Mesh.Grains.Events;
using Mesh.Grains.Subscriptions;

namespace Mesh.Grains.Channels;

[GrainType("mesh.channel")]
public sealed class ChannelGrain(
    [PersistentState("channel", "mesh")] IPersistentState<ChannelState> state,
    MeshMetrics metrics,
    IEventJournal journal,
    TimeProvider time) : IngressGrain<ChannelSpec, ChannelState>(state, metrics, journal, time), IChannelGrain
{
    private JournalStream? _journal;

    // Every subscription gets every event, so there is nothing to route: the channel hands each
    // event to its attached subscriptions itself, one-way, as a broker's router does for triggers.
    protected override Task PublishInMemoryAsync(EventEnvelope[] events)
    {
        foreach (var subscriber in Storage.State.Subscribers)
        {
            var subscription = GrainFactory.GetGrain<ISubscriptionGrain>(subscriber);
            foreach (var envelope in events) _ = subscription.Deliver(envelope);
        }
        return Task.CompletedTask;
    }

    protected override async Task PublishDurablyAsync(EventEnvelope[] events)
    {
        _journal ??= new JournalStream(Journal, JournalNames.Channel(this.GetPrimaryKeyString()), Time);
        var subscribers = Storage.State.Subscribers.ToList();
        var consumers = subscribers.Select(JournalNames.Subscription).ToList();
        foreach (var owed in await _journal.AppendAsync([.. events.Select(e => (e, (IReadOnlyList<string>)consumers))]))
            foreach (var subscriber in subscribers)
                _ = GrainFactory.GetGrain<ISubscriptionGrain>(subscriber).DeliverJournaled(owed.Envelope, owed.Sequence);
    }

    public async Task Attach(string subscription)
    {
        if (Storage.State.Subscribers.Add(subscription)) await Storage.WriteStateAsync();
    }

    public async Task Detach(string subscription)
    {
        if (Storage.State.Subscribers.Remove(subscription)) await Storage.WriteStateAsync();
    }

    public Task<bool> HasSubscriber(string subscription) => Task.FromResult(Storage.State.Subscribers.Contains(subscription));
}
