namespace Mesh.Grains.Brokers;

/// <summary>What a broker grain keeps of its declaration: that it exists (its readiness is kept beside it).</summary>
/// <remarks>
/// <c>[Id(0)]</c> held the broker's delivery defaults, which no grain read (triggers get theirs
/// layered by the operator); it stays unused so that state written before reads as before.
/// </remarks>
[GenerateSerializer, Immutable, Alias("mesh.broker-spec")]
public sealed record BrokerSpec;
