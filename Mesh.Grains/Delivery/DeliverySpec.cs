namespace Mesh.Grains.Delivery;

[GenerateSerializer, Alias("mesh.backoff-policy")]
public enum BackoffPolicy
{
    Exponential = 0,
    Linear = 1,
}

[GenerateSerializer, Alias("mesh.event-format")]
public enum EventFormat
{
    Binary = 0,
    Structured = 1,
}

/// <summary>
/// Knative's <c>delivery</c> block with destinations already resolved to URIs, as the operator layered
/// it (a trigger's over its broker's, over the defaults); a field left unset means none (no retries,
/// no timeout).
/// </summary>
[GenerateSerializer, Immutable, Alias("mesh.delivery")]
public sealed record DeliverySpec(
    [property: Id(0)] int? Retry = null,
    [property: Id(1)] BackoffPolicy? BackoffPolicy = null,
    [property: Id(2)] TimeSpan? BackoffDelay = null,
    [property: Id(3)] TimeSpan? BackoffMax = null,
    [property: Id(4)] TimeSpan? RetryAfterMax = null,
    [property: Id(5)] TimeSpan? Timeout = null,
    [property: Id(6)] string? DeadLetterUri = null,
    [property: Id(7)] EventFormat? Format = null,
    [property: Id(8)] DestinationAuth? DeadLetterAuth = null);
