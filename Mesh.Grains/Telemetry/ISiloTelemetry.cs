namespace Mesh.Grains.Telemetry;

/// <summary>One silo's telemetry, as the hub reaches it (a grain observer).</summary>
[Alias("mesh.ISiloTelemetry")]
public interface ISiloTelemetry : IGrainObserver
{
    /// <summary>The objects tailed anywhere in the cluster; <paramref name="version"/> orders pushes that cross.</summary>
    [Alias("SetTaps")]
    Task SetTaps(string[] keys, long version);

    [Alias("Stats")]
    Task<ObjectStats[]> Stats();

    [Alias("Failures")]
    Task<FailureRecord[]> Failures(string key);
}
