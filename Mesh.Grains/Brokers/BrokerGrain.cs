using Microsoft.Extensions.DependencyInjection;
using Mesh.Grains.Durability;
using Mesh.Grains.Events;

namespace Mesh.Grains.Brokers;

[GrainType("mesh.broker")]
public sealed class BrokerGrain(
    [PersistentState("broker", "mesh")] IPersistentState<BrokerState> state,
    IEventJournal journal,
    TimeProvider time) : IngressGrain<BrokerSpec, BrokerState>(state, journal, time), IBrokerGrain
{
    // The router knows which triggers match, so it is the one that writes the journal.
    protected override Task PublishDurablyAsync(EventEnvelope[] events) =>
        GrainFactory.GetGrain<IBrokerRouterGrain>(this.GetPrimaryKeyString()).Route(events);

    private Orleans.BroadcastChannel.IBroadcastChannelWriter<EventEnvelope[]>? _writer;

    // Delivery to the router is awaited (FireAndForgetDelivery off): in memory mode a 202 means
    // the router has the events.
    protected override Task PublishInMemoryAsync(EventEnvelope[] events) =>
        (_writer ??= ServiceProvider.GetRequiredKeyedService<Orleans.BroadcastChannel.IBroadcastChannelProvider>(BrokerBroadcast.BroadcastProviderName)
            .GetChannelWriter<EventEnvelope[]>(BrokerBroadcast.ForBroker(this.GetPrimaryKeyString()))).Publish(events);

    // Ingress gives every event its hop budget; replies arrive with theirs already spent down.
    protected override void OnAccept(Dictionary<string, string> attributes) =>
        attributes.TryAdd(CloudEventNames.BrokerTtl, BrokerTtl.DefaultText);
}
