using Mesh.Grains.Delivery;

namespace Mesh.Grains.Channels;

/// <summary>What a channel grain needs of its declaration: delivery defaults for its subscriptions.</summary>
[GenerateSerializer, Immutable, Alias("mesh.channel-spec")]
public sealed record ChannelSpec([property: Id(0)] DeliverySpec? Delivery);
