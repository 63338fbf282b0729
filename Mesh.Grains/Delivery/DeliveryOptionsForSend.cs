namespace Mesh.Grains.Delivery;

/// <summary>Per-request settings of one HTTP attempt.</summary>
/// <param name="PreferReply">Whether to send <c>Prefer: reply</c>: only to subscribers, whose answer may be a reply.</param>
public sealed record DeliveryOptionsForSend(EventFormat Format, TimeSpan? Timeout, IReadOnlyList<KeyValuePair<string, string>> Headers, bool PreferReply = false)
{
    /// <summary>The destination's audience and CACerts: a bearer token for the one, TLS trust in the other.</summary>
    public DestinationAuth? Auth { get; init; }

    /// <summary>The <c>sub</c> of the bearer token, when the destination has an audience.</summary>
    public string? Sender { get; init; }

    /// <summary>
    /// Behind a broker: <c>knativebrokerttl</c> is the broker's hop count, not the subscriber's to
    /// see (Knative removes it before delivering), so it is left out of the request.
    /// </summary>
    public bool WithholdsBrokerTtl { get; init; }
}
