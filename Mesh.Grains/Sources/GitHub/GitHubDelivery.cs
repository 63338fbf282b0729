namespace Mesh.Grains.Sources.GitHub;

/// <summary>One webhook delivery as received: GitHub's headers and the raw body.</summary>
[GenerateSerializer, Immutable, Alias("mesh.github-delivery")]
public sealed record GitHubDelivery(
    [property: Id(0)] string Event,
    [property: Id(1)] string DeliveryId,
    [property: Id(2)] byte[] Body,
    [property: Id(3)] string? Signature256,
    [property: Id(4)] string? Signature1);

/// <summary>What became of a delivery.</summary>
[GenerateSerializer, Alias("mesh.github-receipt")]
public enum GitHubReceipt
{
    /// <summary>The event is queued for the sink (memory mode) or committed to the journal (durable mode).</summary>
    Accepted = 0,
    /// <summary>Signed correctly, but not an event type the source takes.</summary>
    Dropped = 1,
    /// <summary>Missing or wrong signature: nothing emitted.</summary>
    Unauthorized = 2,
    /// <summary>No such source.</summary>
    NotFound = 3,
    /// <summary>The source exists but has no secret or sink yet.</summary>
    NotReady = 4,
    /// <summary>The body is not a JSON object.</summary>
    Malformed = 5,
}
