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
    /// <summary>When the event arrived at the broker or channel ingress, RFC 3339 in UTC (Knative's extension).</summary>
    public const string ArrivalTime = "knativearrivaltime";

    /// <summary>Knative's partitioning extension: events with the same key are delivered in order where ordering is asked for.</summary>
    public const string PartitionKey = "partitionkey";

    /// <summary>The CloudEvents distributed-tracing extension: the W3C context of the trace the event belongs to.</summary>
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";
    public const string ErrorDestination = "knativeerrordest";
    public const string ErrorCode = "knativeerrorcode";
    public const string ErrorData = "knativeerrordata";
}
