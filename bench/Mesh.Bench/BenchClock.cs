namespace Mesh.Bench;

/// <summary>The clock shared by the sender's <c>benchts</c> extension and the sink.</summary>
public static class BenchClock
{
    /// <summary>The CloudEvents extension carrying the send time, in Unix microseconds.</summary>
    public const string TimestampExtension = "benchts";

    public const string TimestampHeader = "ce-" + TimestampExtension;

    public static long UnixMicros() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
}
