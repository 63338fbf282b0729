using Mesh.Grains.Brokers;
using Mesh.Grains.Delivery;
using Mesh.Grains.Events;

namespace Mesh.Grains.Channels;

[GrainType("mesh.channel")]
public sealed class ChannelGrain(
    [PersistentState("channel", "mesh")] IPersistentState<ChannelState> state,
    MeshMetrics metrics) : StreamIngressGrain<ChannelSpec, ChannelState>(state, metrics), IChannelGrain
{
    protected override StreamId StreamFor(string key) => BrokerStreams.ForChannel(key);
}
