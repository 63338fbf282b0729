using Mesh.Grains.Events;

namespace Mesh.Grains.Telemetry;

/// <summary>
/// The W3C trace context an ingress gives the events it accepts: its own span's, or the producer's
/// <c>traceparent</c> header when there is no span. Events that do not carry the CloudEvents
/// distributed-tracing extension get it from here, so that subscribers reading them join the trace.
/// </summary>
public readonly record struct TraceContext(string Parent, string? State)
{
    /// <summary>
    /// Adds the extension to attributes still being read, unless the event has its own: the readers
    /// call this before they wrap the attributes, so that tracing costs no copy of them.
    /// </summary>
    public void AddTo(Dictionary<string, string> attributes)
    {
        if (!attributes.TryAdd(CloudEventNames.TraceParent, Parent)) return;
        if (State is { Length: > 0 }) attributes[CloudEventNames.TraceState] = State;
    }

    /// <summary>The same for an envelope already made (the SDK's path): a copy when the extension is added.</summary>
    public EventEnvelope AddTo(EventEnvelope envelope) =>
        envelope[CloudEventNames.TraceParent] is null ? envelope.WithTraceContext(Parent, State) : envelope;
}
