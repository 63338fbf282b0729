namespace Mesh.Grains.Brokers;

/// <summary>Names of the Orleans streams and broadcast channels that carry events inside the mesh.</summary>
public static class BrokerStreams
{
    /// <summary>The stream provider every mesh stream lives on.</summary>
    public const string ProviderName = "mesh";

    /// <summary>
    /// The broadcast channel provider brokers publish on. A broadcast channel pushes each publish
    /// straight to its implicit subscriber (the broker's router), where a stream would queue it for a
    /// pulling agent that polls: one grain call instead of three, and no poll period in the latency.
    /// </summary>
    public const string BroadcastProviderName = "mesh-broadcast";

    /// <summary>Channel namespace of brokers; the channel key is the broker's grain key.</summary>
    public const string BrokerNamespace = "mesh.broker";

    /// <summary>Stream namespace of channels; the stream key is the channel's grain key.</summary>
    public const string ChannelNamespace = "mesh.channel";

    public static Orleans.BroadcastChannel.ChannelId ForBroker(string brokerKey) => Orleans.BroadcastChannel.ChannelId.Create(BrokerNamespace, brokerKey);

    public static StreamId ForChannel(string channelKey) => StreamId.Create(ChannelNamespace, channelKey);
}
