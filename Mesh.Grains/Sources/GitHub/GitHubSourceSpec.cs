using Mesh.Grains.Delivery;

namespace Mesh.Grains.Sources.GitHub;

/// <summary>A GitHubSource as its receiver grain needs it: the webhook secret, the events taken and the sink.</summary>
/// <param name="SecretToken">The webhook secret, resolved from its Secret; null until it is.</param>
/// <param name="EventTypes">GitHub event names taken; others are acknowledged and dropped (<c>ping</c> is always taken).</param>
/// <param name="Source">The CloudEvents <c>source</c>: <c>https://github.com/{ownerAndRepository}</c>.</param>
/// <param name="SinkUri">Null when the sink is not resolved; the receiver then answers 503.</param>
[GenerateSerializer, Immutable, Alias("mesh.githubsource-spec")]
public sealed record GitHubSourceSpec(
    [property: Id(0)] string? SecretToken,
    [property: Id(1)] string[] EventTypes,
    [property: Id(2)] string Source,
    [property: Id(3)] string? SinkUri,
    [property: Id(4)] DeliverySpec Delivery,
    [property: Id(5)] Dictionary<string, string> Extensions,
    [property: Id(6)] DestinationAuth? SinkAuth = null)
{
    // The secret never reaches a log line.
    public override string ToString() => $"GitHubSourceSpec({Source}, events [{string.Join(", ", EventTypes)}], sink {SinkUri ?? "unresolved"})";
}
