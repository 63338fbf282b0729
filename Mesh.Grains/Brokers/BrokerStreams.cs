namespace Mesh.Grains.Brokers;

/// <summary>Names of the Orleans streams that carry events inside the mesh.</summary>
public static class BrokerStreams
{
    /// <summary>The stream provider every mesh stream lives on.</summary>
    public const string ProviderName = "mesh";

    /// <summary>Stream namespace of brokers; the stream key is the broker's grain key.</summary>
    public const string BrokerNamespace = "mesh.broker";

    /// <summary>Stream namespace of channels; the stream key is the channel's grain key.</summary>
    public const string ChannelNamespace = "mesh.channel";

    public static StreamId ForBroker(string brokerKey) => StreamId.Create(BrokerNamespace, brokerKey);

    public static StreamId ForChannel(string channelKey) => StreamId.Create(ChannelNamespace, channelKey);
}
