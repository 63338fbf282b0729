using Mesh.Grains.Delivery;
using Mesh.Grains.Events;
using Orleans.Streams;

namespace Mesh.Grains.Brokers;

[GrainType("mesh.broker")]
public sealed class BrokerGrain(
    [PersistentState("broker", "mesh")] IPersistentState<BrokerState> state,
    MeshMetrics metrics) : Grain, IBrokerGrain
{
    private IAsyncStream<EventEnvelope>? _stream;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = this.GetStreamProvider(BrokerStreams.ProviderName)
            .GetStream<EventEnvelope>(BrokerStreams.ForBroker(this.GetPrimaryKeyString()));
        return Task.CompletedTask;
    }

    public async Task Configure(BrokerSpec spec, bool ready)
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
        state.State = new BrokerState();
    }

    public async Task<PublishResult> Publish(EventEnvelope[] events)
    {
        if (state.State.Spec is null) return PublishResult.NotFound;
        if (!state.State.Ready) return PublishResult.NotReady;

        // Ingress gives every event its hop budget; replies arrive with theirs already spent down.
        var stamped = new List<EventEnvelope>(events.Length);
        foreach (var e in events)
            stamped.Add(e[CloudEventNames.BrokerTtl] is null ? e.With(CloudEventNames.BrokerTtl, BrokerTtl.DefaultText) : e);

        if (stamped.Count == 1) await _stream!.OnNextAsync(stamped[0]);
        else await _stream!.OnNextBatchAsync(stamped);
        metrics.Accepted.Add(stamped.Count);
        return PublishResult.Accepted;
    }
}
