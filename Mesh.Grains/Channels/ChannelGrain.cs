using Mesh.Grains.Brokers;
using Mesh.Grains.Delivery;
using Mesh.Grains.Events;
using Orleans.Streams;

namespace Mesh.Grains.Channels;

[GrainType("mesh.channel")]
public sealed class ChannelGrain(
    [PersistentState("channel", "mesh")] IPersistentState<ChannelState> state,
    MeshMetrics metrics) : Grain, IChannelGrain
{
    private IAsyncStream<EventEnvelope>? _stream;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = this.GetStreamProvider(BrokerStreams.ProviderName)
            .GetStream<EventEnvelope>(BrokerStreams.ForChannel(this.GetPrimaryKeyString()));
        return Task.CompletedTask;
    }

    public async Task Configure(ChannelSpec spec, bool ready)
    {
        if (state.RecordExists && state.State.Spec == spec && state.State.Ready == ready) return;
        state.State.Spec = spec;
        state.State.Ready = ready;
        await state.WriteStateAsync();
    }

    public async Task Remove()
    {
        if (!state.RecordExists) return;
        await state.ClearStateAsync();
        state.State = new ChannelState();
    }

    public async Task<PublishResult> Publish(EventEnvelope[] events)
    {
        if (state.State.Spec is null) return PublishResult.NotFound;
        if (!state.State.Ready) return PublishResult.NotReady;
        if (events.Length == 1) await _stream!.OnNextAsync(events[0]);
        else await _stream!.OnNextBatchAsync(events);
        metrics.Accepted.Add(events.Length);
        return PublishResult.Accepted;
    }
}
