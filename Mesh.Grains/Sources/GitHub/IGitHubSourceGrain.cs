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

    /// <summary>Verifies one delivery and, when it is signed and wanted, queues its CloudEvent.</summary>
    [Alias("Receive")]
    Task<GitHubReceipt> Receive(GitHubDelivery delivery);
}
