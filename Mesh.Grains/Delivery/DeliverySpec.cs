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
/// Knative's <c>delivery</c> block with destinations already resolved to URIs. Every field is
/// optional so that a trigger's settings can override a broker's field by field.
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
    [property: Id(8)] DestinationAuth? DeadLetterAuth = null)
{
    /// <summary>What a broker without <c>spec.delivery</c> uses: 10 retries, exponential from 200 ms.</summary>
    public static DeliverySpec BrokerDefault { get; } = new(Retry: 10, BackoffPolicy: Delivery.BackoffPolicy.Exponential, BackoffDelay: TimeSpan.FromMilliseconds(200));

    /// <summary>Fields set here win; unset fields fall back to <paramref name="fallback"/>.</summary>
    public DeliverySpec OverridesOn(DeliverySpec? fallback) => fallback is null ? this : new(
        Retry ?? fallback.Retry,
        BackoffPolicy ?? fallback.BackoffPolicy,
        BackoffDelay ?? fallback.BackoffDelay,
        BackoffMax ?? fallback.BackoffMax,
        RetryAfterMax ?? fallback.RetryAfterMax,
        Timeout ?? fallback.Timeout,
        DeadLetterUri ?? fallback.DeadLetterUri,
        Format ?? fallback.Format,
        DeadLetterUri is null ? fallback.DeadLetterAuth : DeadLetterAuth);
}
