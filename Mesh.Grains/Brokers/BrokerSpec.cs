using Mesh.Grains.Delivery;

namespace Mesh.Grains.Brokers;

/// <summary>What a broker grain needs of its declaration: its delivery defaults, destinations resolved.</summary>
[GenerateSerializer, Immutable, Alias("mesh.broker-spec")]
public sealed record BrokerSpec([property: Id(0)] DeliverySpec Delivery);
