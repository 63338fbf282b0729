namespace Mesh.Grains.Telemetry;

/// <summary>
/// The cluster's one meeting point for telemetry (key <see cref="Key"/>): every silo registers with
/// it; it keeps which objects are tailed and tells every silo, and gathers counts and recent failures
/// from all of them for the topology page.
/// </summary>
[Alias("mesh.ITelemetryHubGrain")]
public interface ITelemetryHubGrain : IGrainWithStringKey
{
    public const string Key = "mesh";

    /// <summary>Adds or refreshes a silo; it is told the current taps before this completes.</summary>
    [Alias("Register")]
    Task Register(ISiloTelemetry silo);

    /// <summary>Opens or renews one tail's tap on <paramref name="key"/> for <paramref name="lease"/>; every silo knows of it before this completes.</summary>
    [Alias("OpenTap")]
    Task OpenTap(string key, Guid tail, TimeSpan lease);

    [Alias("CloseTap")]
    Task CloseTap(string key, Guid tail);

    /// <summary>Every object's counts, summed over the silos.</summary>
    [Alias("Stats")]
    Task<ObjectStats[]> Stats();

    /// <summary>The most recent failed attempts of one object, newest first, from every silo.</summary>
    [Alias("Failures")]
    Task<FailureRecord[]> Failures(string key);
}
