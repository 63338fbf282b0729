namespace Mesh.Grains.Tail;

/// <summary>What one delivery of an event came to, as a tail shows it under the event.</summary>
/// <param name="Result">One of <see cref="Results"/>.</param>
/// <param name="StatusCode">The subscriber's answer, or null when there was none.</param>
/// <param name="RetryAt">When the next attempt is due, for <see cref="Results.Retrying"/>.</param>
/// <param name="Detail">Why there was no answer, or why the event was dropped.</param>
[GenerateSerializer, Immutable, Alias("mesh.tail-outcome")]
public sealed record TailOutcome(
    [property: Id(0)] string EventId,
    [property: Id(1)] string EventSource,
    [property: Id(2)] string EventType,
    [property: Id(3)] string Result,
    [property: Id(4)] int? StatusCode,
    [property: Id(5)] int Attempt,
    [property: Id(6)] DateTimeOffset? RetryAt = null,
    [property: Id(7)] string? Detail = null)
{
    public static class Results
    {
        public const string Delivered = "delivered";
        public const string Retrying = "retrying";
        public const string DeadLettered = "dead-lettered";
        public const string Dropped = "dropped";
        public const string Replied = "replied";
    }
}
