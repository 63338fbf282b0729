using Mesh.Grains.Delivery;

namespace Mesh.Grains.Sources.Ping;

/// <summary>A PingSource as its grain needs it: what to send, when, and where.</summary>
/// <param name="Source">The CloudEvents <c>source</c>: <c>/apis/v1/namespaces/{ns}/pingsources/{name}</c>.</param>
/// <param name="SinkUri">Null when the sink is not resolved; the source then does not tick.</param>
/// <param name="Extensions">Concrete type: grain storage serializes by runtime type.</param>
[GenerateSerializer, Immutable, Alias("mesh.pingsource-spec")]
public sealed record PingSourceSpec(
    [property: Id(0)] string Schedule,
    [property: Id(1)] string? Timezone,
    [property: Id(2)] string? ContentType,
    [property: Id(3)] byte[] Data,
    [property: Id(4)] Dictionary<string, string> Extensions,
    [property: Id(5)] string Source,
    [property: Id(6)] string? SinkUri,
    [property: Id(7)] DeliverySpec Delivery,
    [property: Id(8)] DestinationAuth? SinkAuth = null);
