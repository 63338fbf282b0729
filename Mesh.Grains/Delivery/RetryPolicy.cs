using System.Net;

namespace Mesh.Grains.Delivery;

/// <summary>Which answers are retried and how long to wait before each retry.</summary>
public sealed class RetryPolicy(DeliverySpec spec)
{
    /// <summary>Number of retries after the first attempt.</summary>
    public int Retries { get; } = Math.Max(0, spec.Retry ?? 0);

    /// <summary>No response, 404, 408, 409, 429 and 5xx are worth another try; other answers are final.</summary>
    public static bool IsRetryable(int? statusCode) => statusCode switch
    {
        null => true,
        404 or 408 or 409 or 429 => true,
        >= 500 and <= 599 => true,
        _ => false,
    };

    /// <summary>
    /// The wait before retry <paramref name="retry"/> (1-based): linear d·k, exponential d·2^(k-1),
    /// capped by <c>backoffMax</c>; a <c>Retry-After</c> on 429/503 wins when longer, up to <c>retryAfterMax</c>.
    /// </summary>
    public TimeSpan DelayBefore(int retry, int? statusCode = null, TimeSpan? retryAfter = null)
    {
        var d = spec.BackoffDelay ?? TimeSpan.Zero;
        var ticks = (spec.BackoffPolicy ?? BackoffPolicy.Exponential) == BackoffPolicy.Linear
            ? d.Ticks * (double)retry
            : d.Ticks * Math.Pow(2, retry - 1);
        var delay = ticks >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)ticks);
        if (spec.BackoffMax is { } max && delay > max) delay = max;

        if (retryAfter is { } after && statusCode is (int)HttpStatusCode.TooManyRequests or (int)HttpStatusCode.ServiceUnavailable)
        {
            if (spec.RetryAfterMax is { } cap && after > cap) after = cap;
            if (after > delay) delay = after;
        }
        return delay;
    }
}
