using Mesh.Grains.Delivery;
using Mesh.Operator.Addressing;
using Mesh.Operator.Delivery;

namespace Mesh.Operator.Sources;

/// <summary>Where a source sends, and how: its sink and dead-letter sink resolved, its delivery layered over the defaults.</summary>
public sealed record SourceTarget(Resolution Sink, DeliveryDeclaration Delivery, Resolution? DeadLetter)
{
    /// <summary>Whether the source may send: its sink resolved, and its dead-letter sink if it names one.</summary>
    public bool Active => Sink.Resolved && DeadLetterSink.Ready(DeadLetter);

    /// <summary>The sink's URI while the source may send, else null (the source's grain then sends nothing).</summary>
    public string? SinkUri => Active ? Sink.Uri!.ToString() : null;

    /// <summary>The sink's audience and CACerts, for the token and TLS the source's deliveries use.</summary>
    public DestinationAuth? SinkAuth => Sink.Auth;

    public DeliverySpec DeliverySpec => Delivery.ToSpec(DeadLetter);

    /// <summary>Resolves both sinks, marking their conditions and writing <c>sinkUri</c> and <c>deadLetterSinkUri</c> into the status.</summary>
    public static async Task<SourceTarget> ResolveAsync(
        DestinationResolver resolver, Destination sink, DeliveryDeclaration? delivery, string @namespace, SourceConditions conditions, JsonObject status)
    {
        var resolvedSink = await resolver.ResolveAsync(sink, @namespace);
        conditions.MarkSink(resolvedSink);
        if (resolvedSink.Resolved) status["sinkUri"] = resolvedSink.Uri!.ToString();
        var effective = DeliveryLayering.Effective(delivery);
        var deadLetter = await DeadLetterSink.ResolveAsync(resolver, effective.DeadLetterSink, @namespace, status);
        conditions.MarkDeadLetterSink(deadLetter);
        return new SourceTarget(resolvedSink, effective, deadLetter);
    }
}
