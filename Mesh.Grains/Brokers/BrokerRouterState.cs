using Mesh.Grains.Filtering;

namespace Mesh.Grains.Brokers;

[GenerateSerializer, Alias("mesh.broker-router-state")]
public sealed class BrokerRouterState
{
    /// <summary>
    /// Each active trigger's filter, by trigger grain key, as versions before the paged table kept
    /// them; moved into the pages when the router activates, and empty from then on.
    /// </summary>
    [Id(0)] public Dictionary<string, FilterSpec> Triggers { get; set; } = [];

    /// <summary>Which pages of the trigger table (<see cref="BrokerRoutesGrain"/>) hold triggers, one bit each.</summary>
    [Id(1)] public ulong Pages { get; set; }
}
