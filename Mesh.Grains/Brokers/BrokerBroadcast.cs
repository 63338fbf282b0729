using Orleans.BroadcastChannel;

namespace Mesh.Grains.Brokers;

/// <summary>Names of the Orleans broadcast channels that carry events from brokers to their routers.</summary>
public static class BrokerBroadcast
{
    /// <summary>
    /// The broadcast channel provider brokers publish on. A broadcast channel pushes each publish
    /// straight to its implicit subscriber (the broker's router), where a memory stream would queue it for a
    /// pulling agent that polls: one grain call instead of three, and no poll period in the latency.
    /// </summary>
    public const string BroadcastProviderName = "mesh-broadcast";

    /// <summary>Channel namespace of brokers; the channel key is the broker's grain key.</summary>
    public const string BrokerNamespace = "mesh.broker";

    public static ChannelId ForBroker(string brokerKey) => ChannelId.Create(BrokerNamespace, brokerKey);
}
