using Mesh.Grains.Events;

namespace Mesh.Grains.Channels;

[GenerateSerializer, Alias("mesh.channel-state")]
public sealed class ChannelState : IngressState<ChannelSpec>
{
    /// <summary>Durable mode: the subscriptions (grain keys) each event is journaled for.</summary>
    [Id(0)] public HashSet<string> Subscribers { get; set; } = [];
}
