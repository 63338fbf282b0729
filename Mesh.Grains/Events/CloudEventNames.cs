namespace Mesh.Grains.Events;

/// <summary>Attribute names the mesh reads or writes.</summary>
public static class CloudEventNames
{
    public const string SpecVersion = "specversion";
    public const string Id = "id";
    public const string Source = "source";
    public const string Type = "type";
    public const string DataContentType = "datacontenttype";
    public const string Subject = "subject";
    public const string Time = "time";

    /// <summary>Knative's hop counter that stops reply loops through a broker.</summary>
    public const string BrokerTtl = "knativebrokerttl";

    /// <summary>The CloudEvents distributed-tracing extension: the W3C context of the trace the event belongs to.</summary>
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";
    public const string ErrorDestination = "knativeerrordest";
    public const string ErrorCode = "knativeerrorcode";
    public const string ErrorData = "knativeerrordata";
}
