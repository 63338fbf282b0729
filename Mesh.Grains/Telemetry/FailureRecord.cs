namespace Mesh.Grains.Telemetry;

/// <summary>One failed delivery attempt, as the topology page shows it.</summary>
/// <param name="StatusCode">The answer's status, or null when there was none.</param>
/// <param name="Body">The start of the answer's body (at most <see cref="FailureRing.MaxBodyChars"/> characters), or why there was no answer.</param>
[GenerateSerializer, Immutable, Alias("mesh.failure-record")]
public sealed record FailureRecord(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string EventId,
    [property: Id(2)] int? StatusCode,
    [property: Id(3)] string Body,
    [property: Id(4)] int Attempt,
    [property: Id(5)] string Destination);
