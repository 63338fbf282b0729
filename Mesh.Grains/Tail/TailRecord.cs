using Mesh.Grains.Events;

namespace Mesh.Grains.Tail;

/// <summary>
/// One line of a live tail: an event as it was accepted (<see cref="Kinds.Event"/>), what became of
/// a delivery (<see cref="Kinds.Outcome"/>), or how many records a busy tail had to skip.
/// </summary>
/// <param name="Origin">Where it happened: <c>{plural}/{namespace}/{name}</c> of the broker, channel, trigger or subscription.</param>
[GenerateSerializer, Immutable, Alias("mesh.tail-record")]
public sealed record TailRecord(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Origin,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] EventEnvelope? Event = null,
    [property: Id(4)] TailOutcome? Outcome = null,
    [property: Id(5)] long Skipped = 0)
{
    public static class Kinds
    {
        public const string Event = "event";
        public const string Outcome = "outcome";
        public const string Skipped = "skipped";
    }
}
