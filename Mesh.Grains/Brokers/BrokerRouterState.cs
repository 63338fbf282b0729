using Mesh.Grains.Filtering;

namespace Mesh.Grains.Brokers;

[GenerateSerializer, Alias("mesh.broker-router-state")]
public sealed class BrokerRouterState
{
    /// <summary>Each active trigger's filter, by trigger grain key.</summary>
    [Id(0)] public Dictionary<string, FilterSpec> Triggers { get; set; } = [];
}
