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

    /// <summary>The ingress span's name and destination, made once per broker or channel instead of once per request.</summary>
    private string SpanName => _spanName ??= $"ingress {Destination}";
    private string Destination => _destination ??= $"{_tags[0].Value}/{_tags[1].Value}";
    private string? _spanName, _destination;

    /// <summary>Starts the ingress span, continuing the producer's trace when the request carried one.</summary>
    public static Activity? StartSpan(MeshMetrics metrics, string kind, string @namespace, string name, string? traceParent, string? traceState)
    {
        if (!MeshTracing.Enabled) return null;
        // Made-up paths are not cached (they would grow the process); they get a span all the same.
        var known = metrics.FindIngress(kind, @namespace, name);
        var destination = known?.Destination ?? $"{@namespace}/{name}";
        var span = MeshTracing.Start(known?.SpanName ?? $"ingress {destination}", ActivityKind.Server, traceParent, traceState);
        if (span is null) return null;
        span.AddTag("messaging.operation.name", "receive");
        span.AddTag("messaging.destination.name", destination);
        span.AddTag("mesh.kind", kind);
        return span;
    }

    /// <summary>
    /// The context accepted events carry on: the ingress span's, or the request's <c>traceparent</c>
    /// header when there is no span; null when there is neither.
    /// </summary>
    public static TraceContext? ContextFor(Activity? span, string? traceParent, string? traceState) =>
        MeshTracing.TraceParentOf(span) is { } spanParent ? new TraceContext(spanParent, span!.TraceStateString)
        : traceParent is not null ? new TraceContext(traceParent, traceState)
        : null;

    /// <summary>
    /// Stamps accepted-to-be events with the acceptance time and the trace: the envelope carries
    /// <paramref name="trace"/> to the next hop (the distributed-tracing extension was added while
    /// the events were read, see <see cref="TraceContext.AddTo(Dictionary{string, string})"/>).
    /// </summary>
    public static EventEnvelope[] Stamp(MeshMetrics metrics, IReadOnlyList<EventEnvelope> events, Activity? span, TraceContext? trace)
    {
        var now = metrics.Time.GetUtcNow().UtcTicks;
        var stamped = new EventEnvelope[events.Count];
        for (var i = 0; i < stamped.Length; i++)
            stamped[i] = events[i] with { TraceParent = trace?.Parent, TraceState = trace?.State, AcceptedAt = now };
        if (span is not null && stamped.Length > 0) MeshTracing.Describe(span, stamped[0]);
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
        span.AddTag("http.response.status_code", status);
        span.AddTag("messaging.batch.message_count", events?.Count ?? 0);
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
