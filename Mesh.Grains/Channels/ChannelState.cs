using Mesh.Grains.Events;

namespace Mesh.Grains.Channels;

[GenerateSerializer, Alias("mesh.channel-state")]
public sealed class ChannelState : IngressState<ChannelSpec>
{
    /// <summary>The subscriptions (grain keys) attached: each gets every event (journaled first in durable mode).</summary>
    [Id(0)] public HashSet<string> Subscribers { get; set; } = [];
}
