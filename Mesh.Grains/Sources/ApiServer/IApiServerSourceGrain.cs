using Mesh.Grains.Events;

namespace Mesh.Grains.Sources.ApiServer;

/// <summary>
/// An ApiServerSource's sender, keyed <c>"{namespace}/{name}"</c>: the operator's watch of the
/// cluster hands it each change as a CloudEvent, and it delivers them to the sink with the mesh's
/// retries, dead letters and (durable mode) journal.
/// </summary>
[Alias("mesh.IApiServerSourceGrain")]
public interface IApiServerSourceGrain : IGrainWithStringKey
{
    /// <summary>Applies the resolved sink, delivery and extensions.</summary>
    [Alias("Configure")]
    Task Configure(ApiServerSourceSpec spec);

    /// <summary>Forgets the source and what it still owed.</summary>
    [Alias("Remove")]
    Task Remove();

    /// <summary>
    /// Takes one change: queued (memory mode) or committed to the journal (durable mode) before this
    /// completes. False when the source has no sink to send to; throws when the journal cannot commit.
    /// </summary>
    [Alias("Receive")]
    Task<bool> Receive(EventEnvelope change);

    /// <summary>Durable mode: picks up whatever the journal says this source still owes its sink.</summary>
    [Alias("Resume")]
    Task Resume();
}
