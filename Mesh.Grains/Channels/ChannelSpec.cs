namespace Mesh.Grains.Channels;

/// <summary>What a channel grain keeps of its declaration: that it exists (its readiness is kept beside it).</summary>
/// <remarks>
/// <c>[Id(0)]</c> held the channel's delivery defaults, which no grain read (subscriptions get theirs
/// layered by the operator); it stays unused so that state written before reads as before.
/// </remarks>
[GenerateSerializer, Immutable, Alias("mesh.channel-spec")]
public sealed record ChannelSpec;
