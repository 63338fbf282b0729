using System.Diagnostics;
using Mesh.Grains.Events;
using Mesh.Grains.Tail;

namespace Mesh.Grains.Telemetry;

/// <summary>
/// What one broker's or channel's ingress reports in this process: events by the status answered,
/// the ingress span, the counts the topology page shows, and accepted events to a tail while tapped.
/// </summary>
public sealed class IngressTelemetry
{
    /// <summary>The namespace and name labels of requests to an object not known to exist, so that made-up paths cannot grow the metrics.</summary>
    public const string Unknown = "_unknown";

    private const string UnknownType = "unknown";

    private readonly MeshMetrics _metrics;
    private readonly KeyValuePair<string, object?>[] _tags;
    private long _accepted, _refused;

    internal IngressTelemetry(MeshMetrics metrics, string kind, string @namespace, string name)
    {
        _metrics = metrics;
        Kind = kind;
        _tags = [new(TagNames.Namespace, @namespace), new(kind, name)];
        TapKey = $"{kind}s/{@namespace}/{name}";
    }

    /// <summary><see cref="TagNames.Broker"/> or <see cref="TagNames.Channel"/>.</summary>
    public string Kind { get; }

    /// <summary><c>{plural}/{namespace}/{name}</c>.</summary>
    public string TapKey { get; }

    /// <summary>Starts the ingress span, continuing the producer's trace when the request carried one.</summary>
    public static Activity? StartSpan(string kind, string @namespace, string name, string? traceParent, string? traceState)
    {
        if (!MeshTracing.Enabled) return null;
        var span = MeshTracing.Start($"ingress {@namespace}/{name}", ActivityKind.Server, traceParent, traceState);
        if (span is null) return null;
        span.SetTag("messaging.operation.name", "receive");
        span.SetTag("messaging.destination.name", $"{@namespace}/{name}");
        span.SetTag("mesh.kind", kind);
        return span;
    }

    /// <summary>
    /// Stamps accepted-to-be events with the acceptance time and the trace: the envelope carries the
    /// ingress span's context to the next hop, and an event without the CloudEvents distributed-tracing
    /// extension gets one, so that subscribers reading it join the producer's trace.
    /// </summary>
    /// <param name="traceParent">The request's <c>traceparent</c> header, carried on when there is no span.</param>
    public static EventEnvelope[] Stamp(MeshMetrics metrics, IReadOnlyList<EventEnvelope> events, Activity? span, string? traceParent, string? traceState)
    {
        var now = metrics.Time.GetUtcNow().UtcTicks;
        var spanParent = MeshTracing.TraceParentOf(span);
        var parent = spanParent ?? traceParent;
        var state = spanParent is null ? traceState : span!.TraceStateString;
        var stamped = new EventEnvelope[events.Count];
        for (var i = 0; i < stamped.Length; i++)
        {
            var e = events[i];
            if (parent is not null && e[CloudEventNames.TraceParent] is null)
            {
                e = e.With(CloudEventNames.TraceParent, parent);
                if (state is { Length: > 0 }) e = e.With(CloudEventNames.TraceState, state);
            }
            stamped[i] = e with { TraceParent = parent, TraceState = state, AcceptedAt = now };
            if (span is not null && i == 0) MeshTracing.Describe(span, stamped[i]);
        }
        return stamped;
    }

    /// <summary>Counts a request's answer: each event under its type, or one request when none could be read.</summary>
    public void Answered(IReadOnlyList<EventEnvelope>? events, int status, Activity? span)
    {
        var accepted = status is >= 200 and < 300;
        var code = ResponseCodes.Box(status);
        if (events is null || events.Count == 0)
        {
            Interlocked.Increment(ref _refused);
            _metrics.IngressEvents.Add(1, Tags(UnknownType, code));
        }
        else
        {
            Interlocked.Add(ref accepted ? ref _accepted : ref _refused, events.Count);
            foreach (var e in events) _metrics.IngressEvents.Add(1, Tags(_metrics.EventTypes.Get(e.Type), code));
            if (accepted && !_metrics.Taps.IsEmpty && _metrics.Taps.IsTapped(TapKey) && _metrics.Tail is { } tail)
                foreach (var e in events)
                    if (tail.TryReserve(TapKey)) tail.Publish(TapKey, new TailRecord(TailRecord.Kinds.Event, TapKey, _metrics.Time.GetUtcNow(), e));
        }
        if (span is null) return;
        span.SetTag("http.response.status_code", status);
        span.SetTag("messaging.batch.message_count", events?.Count ?? 0);
        if (!accepted) span.SetStatus(ActivityStatusCode.Error, $"HTTP {status}");
        span.Dispose();
    }

    public ObjectStats Snapshot() => new(TapKey, Interlocked.Read(ref _accepted), Interlocked.Read(ref _refused), 0, 0, 0, 0, 0, 0, 0, 0);

    private TagList Tags(string eventType, object status)
    {
        var tags = new TagList(_tags.AsSpan());
        tags.Add(TagNames.EventType, eventType);
        tags.Add(TagNames.StatusCode, status);
        return tags;
    }
}
