using Mesh.Grains.Brokers;
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
    TimeProvider time) : IngressGrain<ChannelSpec, ChannelState>(state, metrics, journal), IChannelGrain
{
    private JournalStream? _journal;
    private Orleans.Streams.IAsyncStream<EventEnvelope>? _stream;

    protected override Task PublishInMemoryAsync(EventEnvelope[] events)
    {
        _stream ??= this.GetStreamProvider(BrokerStreams.ProviderName).GetStream<EventEnvelope>(BrokerStreams.ForChannel(this.GetPrimaryKeyString()));
        return events.Length == 1 ? _stream.OnNextAsync(events[0]) : _stream.OnNextBatchAsync(events);
    }

    protected override async Task PublishDurablyAsync(EventEnvelope[] events)
    {
        _journal ??= new JournalStream(journal, JournalNames.Channel(this.GetPrimaryKeyString()), time);
        var subscribers = state.State.Subscribers.ToList();
        var consumers = subscribers.Select(JournalNames.Subscription).ToList();
        foreach (var owed in await _journal.AppendAsync([.. events.Select(e => (e, (IReadOnlyList<string>)consumers))]))
            foreach (var subscriber in subscribers)
                _ = GrainFactory.GetGrain<ISubscriptionGrain>(subscriber).DeliverJournaled(owed.Envelope, owed.Sequence);
    }

    public async Task Attach(string subscription)
    {
        if (state.State.Subscribers.Add(subscription)) await state.WriteStateAsync();
    }

    public async Task Detach(string subscription)
    {
        if (state.State.Subscribers.Remove(subscription)) await state.WriteStateAsync();
    }

    public Task<bool> HasSubscriber(string subscription) => Task.FromResult(state.State.Subscribers.Contains(subscription));
}
