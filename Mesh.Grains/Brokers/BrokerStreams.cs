namespace Mesh.Grains.Brokers;

/// <summary>Names of the Orleans streams that carry events inside the mesh.</summary>
public static class BrokerStreams
{
    /// <summary>The stream provider every mesh stream lives on.</summary>
    public const string ProviderName = "mesh";

    /// <summary>Stream namespace of brokers; the stream key is the broker's grain key.</summary>
    public const string BrokerNamespace = "mesh.broker";

    public static StreamId ForBroker(string brokerKey) => StreamId.Create(BrokerNamespace, brokerKey);
}
