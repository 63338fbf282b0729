namespace Mesh.Grains.Channels;

[GenerateSerializer, Alias("mesh.channel-state")]
public sealed class ChannelState
{
    [Id(0)] public ChannelSpec? Spec { get; set; }
    [Id(1)] public bool Ready { get; set; }
}
