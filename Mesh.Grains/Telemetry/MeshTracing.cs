using System.Diagnostics;
using Mesh.Grains.Events;

namespace Mesh.Grains.Telemetry;

/// <summary>
/// The mesh's spans: ingress, routing, each delivery attempt, replies and dead letters. With no
/// listener (tracing off) every start returns null having done nothing but a flag check.
/// </summary>
public static class MeshTracing
{
    public const string SourceName = "Mesh";

    public static readonly ActivitySource Source = new(SourceName, typeof(MeshTracing).Assembly.GetName().Version?.ToString());

    public static bool Enabled => Source.HasListeners();

    /// <summary>
    /// Starts a span whose parent is the W3C context in <paramref name="traceParent"/>, or a new
    /// trace when there is none; never whatever activity happens to be ambient.
    /// </summary>
    public static Activity? Start(string name, ActivityKind kind, string? traceParent, string? traceState = null)
    {
        if (!Source.HasListeners()) return null;
        if (traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent))
            return Source.StartActivity(name, kind, parent);
        // Without a parent, StartActivity would adopt the ambient activity (a host's request activity that is never exported).
        Activity.Current = null;
        return Source.StartActivity(name, kind, default(ActivityContext));
    }

    /// <summary>The span's W3C <c>traceparent</c>, to carry the trace to the next hop.</summary>
    public static string? TraceParentOf(Activity? span) => span?.Id is { } id && span.IdFormat == ActivityIdFormat.W3C ? id : null;

    /// <summary>Adds what OpenTelemetry's CloudEvents conventions name about the event a span handles.</summary>
    public static void Describe(Activity span, EventEnvelope envelope)
    {
        span.SetTag("cloudevents.event_id", envelope.Id);
        span.SetTag("cloudevents.event_source", envelope.Source);
        span.SetTag("cloudevents.event_type", envelope.Type);
        span.SetTag("cloudevents.event_spec_version", envelope[CloudEventNames.SpecVersion]);
    }

    /// <summary>The envelope re-parented under <paramref name="span"/>: the next hop's spans become its children.</summary>
    public static EventEnvelope Under(EventEnvelope envelope, Activity? span) =>
        TraceParentOf(span) is { } traceParent ? envelope with { TraceParent = traceParent, TraceState = span!.TraceStateString } : envelope;

    /// <summary>A routing step (a broker's router or a channel's fan-out) over one event.</summary>
    public static Activity? StartRoute(EventEnvelope envelope, string kind, string key)
    {
        var span = Start($"route {key}", ActivityKind.Internal, envelope.TraceParent, envelope.TraceState);
        if (span is null) return null;
        span.SetTag("messaging.operation.name", "route");
        span.SetTag("messaging.destination.name", key);
        span.SetTag("mesh.kind", kind);
        Describe(span, envelope);
        return span;
    }
}
