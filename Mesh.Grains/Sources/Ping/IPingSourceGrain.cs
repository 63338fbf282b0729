namespace Mesh.Grains.Sources.Ping;

/// <summary>A PingSource, keyed <c>"{namespace}/{name}"</c>: one activation in the cluster, so one event per tick.</summary>
[Alias("mesh.IPingSourceGrain")]
public interface IPingSourceGrain : IGrainWithStringKey
{
    /// <summary>Applies the source's spec and arms the timer for its next tick.</summary>
    [Alias("Configure")]
    Task Configure(PingSourceSpec spec);

    /// <summary>Stops ticking and forgets the source.</summary>
    [Alias("Remove")]
    Task Remove();

    /// <summary>Durable mode: picks up whatever the journal says this source still owes its sink.</summary>
    [Alias("Resume")]
    Task Resume();

    /// <summary>The next tick the timer is armed for, if any.</summary>
    [Alias("NextTick")]
    Task<DateTimeOffset?> NextTick();
}
