using Mesh.Grains.Events;

namespace Mesh.Grains.Delivery;

/// <summary>What one HTTP attempt produced.</summary>
/// <param name="StatusCode">The answer's status, or null when there was none (refused, reset, timed out).</param>
/// <param name="Body">Up to the first KiB of the answer's body, for dead-letter diagnostics.</param>
/// <param name="RetryAfter">The answer's <c>Retry-After</c>, as a delay.</param>
/// <param name="Reply">A CloudEvent carried by a 2xx answer.</param>
/// <param name="Error">Why there was no answer.</param>
public sealed record DeliveryOutcome(int? StatusCode, byte[] Body, TimeSpan? RetryAfter, EventEnvelope? Reply, string? Error = null)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}
