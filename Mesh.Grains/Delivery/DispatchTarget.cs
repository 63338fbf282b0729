namespace Mesh.Grains.Delivery;

/// <summary>Where and how a dispatcher delivers: a resolved subscriber plus its effective delivery settings.</summary>
/// <param name="Owner">The trigger or subscription, as <c>namespace/name</c>, for logs and dead-letter attributes.</param>
public sealed record DispatchTarget(string Owner, string Namespace, Uri Subscriber, DeliverySpec Delivery)
{
    /// <summary>Where replies are POSTed (a subscription's <c>reply</c>); null sends them to the reply target, if any.</summary>
    public Uri? Reply { get; init; }

    /// <summary>
    /// Whether the subscriber is told <c>Prefer: reply</c> and its reply is used: true for triggers
    /// and subscriptions, false for a source's sink.
    /// </summary>
    public bool AsksForReplies { get; init; } = true;

    /// <summary>
    /// Whether events of one <c>partitionkey</c> go one at a time, in acceptance order. Read as each
    /// event is taken in, so a change applies to the events that follow it.
    /// </summary>
    public bool Ordered { get; init; }

    /// <summary>Whether <c>knativebrokerttl</c> applies: true behind a broker, false behind a channel.</summary>
    public bool CountsBrokerHops { get; init; } = true;

    /// <summary>The subscriber's audience and CACerts, if it declares any.</summary>
    public DestinationAuth? SubscriberAuth { get; init; }

    /// <summary>The reply destination's audience and CACerts, if it declares any.</summary>
    public DestinationAuth? ReplyAuth { get; init; }

    /// <summary>The <c>sub</c> of the tokens sent on the owner's behalf (see <see cref="Identity.OidcSubjects"/>).</summary>
    public string? Sender { get; init; }

    /// <summary>What <paramref name="destination"/> (the subscriber, the reply or the dead-letter sink) declares.</summary>
    public DestinationAuth? AuthFor(Uri destination) =>
        destination == Subscriber ? SubscriberAuth
        : destination == Reply ? ReplyAuth
        : Delivery.DeadLetterUri is { } dls && destination.OriginalString == dls ? Delivery.DeadLetterAuth
        : null;

    /// <summary>What the dispatcher's metrics, spans and tail records are labelled with; guessed from <see cref="Owner"/> when null.</summary>
    public Telemetry.DeliveryScope? Scope { get; init; }
}
