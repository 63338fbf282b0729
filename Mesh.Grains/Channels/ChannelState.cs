using Mesh.Grains.Events;

namespace Mesh.Grains.Channels;

[GenerateSerializer, Alias("mesh.channel-state")]
public sealed class ChannelState : IngressState<ChannelSpec>;
