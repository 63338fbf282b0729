namespace Mesh.Grains.Telemetry;

/// <summary>The <c>reason</c> label of <c>mesh.events.dropped</c>.</summary>
public static class DropReasons
{
    public const string TtlExpired = "ttl_expired";
    public const string NoDeadLetterSink = "no_dead_letter_sink";
    public const string DeadLetterFailed = "dead_letter_failed";
}
