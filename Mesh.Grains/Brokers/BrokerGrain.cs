using Mesh.Grains.Delivery;
using Mesh.Grains.Events;

namespace Mesh.Grains.Brokers;

[GrainType("mesh.broker")]
public sealed class BrokerGrain(
    [PersistentState("broker", "mesh")] IPersistentState<BrokerState> state,
    MeshMetrics metrics) : StreamIngressGrain<BrokerSpec, BrokerState>(state, metrics), IBrokerGrain
{
    protected override StreamId StreamFor(string key) => BrokerStreams.ForBroker(key);

    // Ingress gives every event its hop budget; replies arrive with theirs already spent down.
    protected override EventEnvelope OnAccept(EventEnvelope envelope) =>
        envelope[CloudEventNames.BrokerTtl] is null ? envelope.With(CloudEventNames.BrokerTtl, BrokerTtl.DefaultText) : envelope;
}
