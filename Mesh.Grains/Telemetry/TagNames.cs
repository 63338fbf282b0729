namespace Mesh.Grains.Telemetry;

/// <summary>The labels the mesh's metrics carry; OpenTelemetry's names where one exists.</summary>
public static class TagNames
{
    public const string Namespace = "namespace";
    public const string Broker = "broker";
    public const string Channel = "channel";
    public const string Trigger = "trigger";
    public const string Subscription = "subscription";
    public const string Source = "source";
    public const string EventType = "event_type";
    public const string ResponseCodeClass = "response_code_class";
    public const string StatusCode = "http.response.status_code";
    public const string Reason = "reason";
    public const string Outcome = "outcome";
    public const string Journal = "journal";
}
