namespace Mesh.Grains.Durability;

/// <summary>
/// One pending delivery in the journal: an event (<paramref name="Stream"/>, <paramref name="Sequence"/>)
/// owed to one consumer (a trigger or subscription).
/// </summary>
/// <param name="Consumer">The consumer, as <see cref="JournalNames.Trigger"/> or <see cref="JournalNames.Subscription"/> name it.</param>
/// <param name="Stream">The broker or channel the event was accepted by, as <see cref="JournalNames"/> names it.</param>
/// <param name="Sequence">The event's position in its stream, assigned at acceptance.</param>
[GenerateSerializer, Immutable, Alias("mesh.delivery-key")]
public readonly record struct DeliveryKey(
    [property: Id(0)] string Consumer,
    [property: Id(1)] string Stream,
    [property: Id(2)] long Sequence);

/// <summary>A pending delivery read back from the journal, with how far its retries had got.</summary>
/// <param name="Attempt">The attempt to make next (0 = the first).</param>
/// <param name="Due">When that attempt is due; at or before now means at once.</param>
public sealed record PendingDelivery(DeliveryKey Key, Events.EventEnvelope Envelope, int Attempt, DateTimeOffset Due);

/// <summary>An accepted event and the consumers it is owed to.</summary>
public sealed record JournalEvent(long Sequence, Events.EventEnvelope Envelope, IReadOnlyList<string> Consumers);

/// <summary>The names the journal files streams and consumers under.</summary>
public static class JournalNames
{
    public static string Broker(string key) => "broker:" + key;
    public static string Channel(string key) => "channel:" + key;
    public static string Trigger(string key) => "trigger:" + key;
    public static string Subscription(string key) => "subscription:" + key;

    /// <summary>A source is its own stream and the one consumer of it.</summary>
    public static string PingSource(string key) => "pingsource:" + key;
    public static string GitHubSource(string key) => "githubsource:" + key;
    public static string ApiServerSource(string key) => "apiserversource:" + key;

    /// <summary>The grain key inside a journal name.</summary>
    public static string KeyOf(string name) => name[(name.IndexOf(':') + 1)..];
}
