using Mesh.Grains.Events;

namespace Mesh.Grains.Brokers;

[GenerateSerializer, Alias("mesh.broker-state")]
public sealed class BrokerState : IngressState<BrokerSpec>;
