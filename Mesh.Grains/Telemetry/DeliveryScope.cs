using Mesh.Grains.Delivery;

namespace Mesh.Grains.Telemetry;

/// <summary>
/// What a dispatcher delivers for, as its metrics label it and as a tail names it: a trigger (of a
/// broker), a subscription (of a channel) or a source.
/// </summary>
/// <param name="Kind"><see cref="TagNames.Trigger"/>, <see cref="TagNames.Subscription"/> or <see cref="TagNames.Source"/>.</param>
/// <param name="Plural">The kind's resource plural, as tail and topology keys spell it (<c>triggers</c>, <c>pingsources</c>).</param>
/// <param name="ParentKind"><see cref="TagNames.Broker"/> or <see cref="TagNames.Channel"/>; null for a source.</param>
public sealed record DeliveryScope(string Kind, string Plural, string Namespace, string Name, string? ParentKind = null, string? Parent = null)
{
    /// <summary>The labels every measurement of this object carries.</summary>
    public KeyValuePair<string, object?>[] Tags { get; } = ParentKind is null
        ? [new(TagNames.Namespace, Namespace), new(Kind, Name)]
        : [new(TagNames.Namespace, Namespace), new(Kind, Name), new(ParentKind, Parent ?? "")];

    /// <summary>The object's key for taps and the topology page: <c>{plural}/{namespace}/{name}</c>.</summary>
    public string TapKey { get; } = $"{Plural}/{Namespace}/{Name}";

    /// <summary>The key of the broker or channel it belongs to, whose tail shows its outcomes too.</summary>
    public string? ParentTapKey { get; } = ParentKind is null || Parent is null ? null : $"{ParentKind}s/{Namespace}/{Parent}";

    /// <param name="key">The trigger's grain key, <c>{namespace}/{name}</c>.</param>
    public static DeliveryScope Trigger(string key, string broker) => Split(key, (ns, name) => new(TagNames.Trigger, "triggers", ns, name, TagNames.Broker, NameOf(broker)));

    /// <param name="channel">The channel's grain key, <c>{namespace}/{name}</c>.</param>
    public static DeliveryScope Subscription(string key, string channel) => Split(key, (ns, name) => new(TagNames.Subscription, "subscriptions", ns, name, TagNames.Channel, NameOf(channel)));

    public static DeliveryScope Source(string plural, string key) => Split(key, (ns, name) => new(TagNames.Source, plural, ns, name));

    /// <summary>For a target whose owner did not say what it is (tests, older callers).</summary>
    public static DeliveryScope Guess(DispatchTarget target) => Split(target.Owner, (ns, name) => target.CountsBrokerHops
        ? new(TagNames.Trigger, "triggers", ns, name, TagNames.Broker, "")
        : new(TagNames.Subscription, "subscriptions", ns, name, TagNames.Channel, ""));

    private static DeliveryScope Split(string key, Func<string, string, DeliveryScope> make)
    {
        var slash = key.IndexOf('/');
        return slash < 0 ? make("", key) : make(key[..slash], key[(slash + 1)..]);
    }

    // Brokers and channels are named by grain key (namespace/name); labels carry the name alone.
    private static string NameOf(string key) => key[(key.IndexOf('/') + 1)..];
}
