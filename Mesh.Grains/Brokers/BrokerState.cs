namespace Mesh.Grains.Brokers;

[GenerateSerializer, Alias("mesh.broker-state")]
public sealed class BrokerState
{
    [Id(0)] public BrokerSpec? Spec { get; set; }
    [Id(1)] public bool Ready { get; set; }
}
