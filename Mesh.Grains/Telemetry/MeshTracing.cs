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

    /// <summary>
    /// Adds what OpenTelemetry's CloudEvents conventions name about the event a span handles: its id,
    /// source and type (not its spec version, which is always 1.0 here and would only cost export bytes).
    /// </summary>
    public static void Describe(Activity span, EventEnvelope envelope)
    {
        span.AddTag("cloudevents.event_id", envelope.Id);
        span.AddTag("cloudevents.event_source", envelope.Source);
        span.AddTag("cloudevents.event_type", envelope.Type);
    }

    /// <summary>The envelope re-parented under <paramref name="span"/>: the next hop's spans become its children.</summary>
    public static EventEnvelope Under(EventEnvelope envelope, Activity? span) =>
        TraceParentOf(span) is { } traceParent ? envelope with { TraceParent = traceParent, TraceState = span!.TraceStateString } : envelope;

    /// <summary>A routing step (a broker's router or a channel's fan-out) over one event handed to <paramref name="targets"/> consumers.</summary>
    /// <param name="route">The span's name and destination, made once per router (<see cref="RouteName"/>).</param>
    /// <remarks>
    /// The event is described on the ingress span, its parent: a route span carries only what it adds
    /// (spans are paid per tag on export, three per event). An event that matched nothing gets no
    /// route span: it would have no children, its ingress span already ends its path, and for
    /// traffic nobody subscribes to that span was half the cost of tracing.
    /// </remarks>
    public static Activity? StartRoute(EventEnvelope envelope, RouteName route, int targets)
    {
        if (targets == 0) return null;
        var span = Start(route.SpanName, ActivityKind.Internal, envelope.TraceParent, envelope.TraceState);
        if (span is null) return null;
        span.AddTag("messaging.operation.name", "route");
        span.AddTag("messaging.destination.name", route.Key);
        return span;
    }
}
