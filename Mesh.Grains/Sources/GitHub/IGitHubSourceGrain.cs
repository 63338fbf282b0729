namespace Mesh.Grains.Sources.GitHub;

/// <summary>A GitHubSource's receiver, keyed <c>"{namespace}/{name}"</c>: checks each delivery and queues its CloudEvent for the sink.</summary>
[Alias("mesh.IGitHubSourceGrain")]
public interface IGitHubSourceGrain : IGrainWithStringKey
{
    /// <summary>Applies the resolved secret, event types and sink.</summary>
    [Alias("Configure")]
    Task Configure(GitHubSourceSpec spec);

    /// <summary>Forgets the source; later deliveries answer not found.</summary>
    [Alias("Remove")]
    Task Remove();

    /// <summary>
    /// Verifies one delivery and, when it is signed and wanted, queues its CloudEvent (memory mode) or
    /// commits it to the journal (durable mode) before answering; throws when the journal cannot commit.
    /// </summary>
    [Alias("Receive")]
    Task<GitHubReceipt> Receive(GitHubDelivery delivery);

    /// <summary>Durable mode: picks up whatever the journal says this source still owes its sink.</summary>
    [Alias("Resume")]
    Task Resume();
}
