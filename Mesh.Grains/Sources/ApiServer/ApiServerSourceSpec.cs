using Mesh.Grains.Delivery;

namespace Mesh.Grains.Sources.ApiServer;

/// <summary>An ApiServerSource as its grain needs it: where its events go and what is added to them.</summary>
/// <param name="SinkUri">Null when the sink is not resolved; the grain then takes no events.</param>
/// <param name="Extensions">The <c>ceOverrides</c> extensions. Concrete type: grain storage serializes by runtime type.</param>
[GenerateSerializer, Immutable, Alias("mesh.apiserversource-spec")]
public sealed record ApiServerSourceSpec(
    [property: Id(0)] string? SinkUri,
    [property: Id(1)] DeliverySpec Delivery,
    [property: Id(2)] Dictionary<string, string> Extensions,
    [property: Id(3)] DestinationAuth? SinkAuth = null);
