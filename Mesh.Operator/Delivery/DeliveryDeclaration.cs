using Mesh.Grains.Delivery;
using Mesh.Operator.Addressing;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Delivery;

/// <summary>
/// Knative's <c>delivery</c> block as declared (plus the mesh's <c>backoffMax</c>). Every field is
/// optional, so that a child's block can be layered over its parent's (<see cref="DeliveryLayering"/>).
/// </summary>
public sealed record DeliveryDeclaration(
    int? Retry = null,
    BackoffPolicy? BackoffPolicy = null,
    TimeSpan? BackoffDelay = null,
    TimeSpan? BackoffMax = null,
    TimeSpan? RetryAfterMax = null,
    TimeSpan? Timeout = null,
    Destination? DeadLetterSink = null,
    EventFormat? Format = null)
{
    /// <summary>Reads a delivery block at <paramref name="path"/>; null when absent or invalid, each fault named.</summary>
    public static DeliveryDeclaration? Parse(JsonNode? node, string path, FieldErrors errors)
    {
        if (FieldReader.At(node, path, errors, "delivery must be an object") is not { } d) return null;
        var before = errors.Items.Count;
        var retry = d["retry"] is null ? null
            : FieldReader.IntegerOf(d["retry"]) is { } r and >= 0 and <= int.MaxValue ? (int)r
            : Fail<int?>(d, "retry", "retry must be a non-negative integer");
        var policy = d["backoffPolicy"] is null ? null : FieldReader.TextOf(d["backoffPolicy"]) switch
        {
            "linear" => Grains.Delivery.BackoffPolicy.Linear,
            "exponential" => Grains.Delivery.BackoffPolicy.Exponential,
            _ => Fail<BackoffPolicy?>(d, "backoffPolicy", "backoffPolicy must be linear or exponential"),
        };
        var format = d["format"] is null ? null : FieldReader.TextOf(d["format"]) switch
        {
            "json" => EventFormat.Structured,
            "binary" => EventFormat.Binary,
            _ => Fail<EventFormat?>(d, "format", "format must be json or binary"),
        };
        var delivery = new DeliveryDeclaration(
            retry, policy, Duration(d, "backoffDelay"), Duration(d, "backoffMax"), Duration(d, "retryAfterMax"), Duration(d, "timeout"),
            Destination.Parse(d["deadLetterSink"], d.PathOf("deadLetterSink"), errors, required: false), format);
        return errors.Items.Count > before ? null : delivery;
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (Retry is { } retry) json["retry"] = retry;
        if (BackoffPolicy is { } policy) json["backoffPolicy"] = policy == Grains.Delivery.BackoffPolicy.Linear ? "linear" : "exponential";
        if (BackoffDelay is { } delay) json["backoffDelay"] = IsoDuration.Format(delay);
        if (BackoffMax is { } max) json["backoffMax"] = IsoDuration.Format(max);
        if (RetryAfterMax is { } retryAfterMax) json["retryAfterMax"] = IsoDuration.Format(retryAfterMax);
        if (Timeout is { } timeout) json["timeout"] = IsoDuration.Format(timeout);
        if (DeadLetterSink is { } sink) json["deadLetterSink"] = sink.ToJson();
        if (Format is { } format) json["format"] = format == EventFormat.Structured ? "json" : "binary";
        return json;
    }

    /// <summary>What a grain's dispatcher works with: these settings, the dead-letter sink already resolved.</summary>
    public DeliverySpec ToSpec(Resolution? deadLetter) =>
        new(Retry, BackoffPolicy, BackoffDelay, BackoffMax, RetryAfterMax, Timeout, deadLetter?.Uri?.ToString(), Format,
            deadLetter?.Uri is null ? null : deadLetter.Auth);

    private static TimeSpan? Duration(FieldReader delivery, string field)
    {
        if (delivery[field] is not { } node) return null;
        return IsoDuration.Parse(FieldReader.TextOf(node))
            ?? Fail<TimeSpan?>(delivery, field, $"'{node.ToJsonString()}' is not an ISO-8601 duration such as PT0.2S or PT1M");
    }

    private static T? Fail<T>(FieldReader delivery, string field, string message)
    {
        delivery.Fail(field, message);
        return default;
    }
}
