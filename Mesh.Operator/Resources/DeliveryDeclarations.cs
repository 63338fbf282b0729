using System.Xml;
using Mesh.Grains.Delivery;

namespace Mesh.Operator.Resources;

/// <summary>Validation and reading of Knative's <c>delivery</c> block (plus the mesh's <c>backoffMax</c>).</summary>
public static class DeliveryDeclarations
{
    private static readonly string[] DurationFields = ["backoffDelay", "backoffMax", "retryAfterMax", "timeout"];

    public static void Validate(JsonNode? node, string path, FieldErrors errors)
    {
        if (node is null) return;
        if (node is not JsonObject delivery)
        {
            errors.Add(path, "delivery must be an object");
            return;
        }
        if (delivery["retry"] is { } retry && !(retry is JsonValue rv && rv.TryGetValue<long>(out var r) && r >= 0))
            errors.Add($"{path}.retry", "retry must be a non-negative integer");
        if (delivery["backoffPolicy"] is { } policy && Destinations.Text(policy) is not ("linear" or "exponential"))
            errors.Add($"{path}.backoffPolicy", "backoffPolicy must be linear or exponential");
        if (delivery["format"] is { } format && Destinations.Text(format) is not ("json" or "binary"))
            errors.Add($"{path}.format", "format must be json or binary");
        foreach (var field in DurationFields)
        {
            if (delivery[field] is not { } value) continue;
            if (ParseDuration(Destinations.Text(value)) is null)
                errors.Add($"{path}.{field}", $"'{value.ToJsonString()}' is not an ISO-8601 duration such as PT0.2S or PT1M");
        }
        Destinations.Validate(delivery["deadLetterSink"], $"{path}.deadLetterSink", errors, required: false);
    }

    /// <summary>Reads a validated delivery block; the dead-letter sink comes already resolved.</summary>
    public static DeliverySpec? Read(JsonNode? node, string? deadLetterUri, DestinationAuth? deadLetterAuth = null)
    {
        if (node is not JsonObject d) return null;
        return new DeliverySpec(
            Retry: d["retry"] is JsonValue r ? (int)r.GetValue<long>() : null,
            BackoffPolicy: Destinations.Text(d["backoffPolicy"]) switch
            {
                "linear" => BackoffPolicy.Linear,
                "exponential" => BackoffPolicy.Exponential,
                _ => null,
            },
            BackoffDelay: ParseDuration(Destinations.Text(d["backoffDelay"])),
            BackoffMax: ParseDuration(Destinations.Text(d["backoffMax"])),
            RetryAfterMax: ParseDuration(Destinations.Text(d["retryAfterMax"])),
            Timeout: ParseDuration(Destinations.Text(d["timeout"])),
            DeadLetterUri: deadLetterUri,
            Format: Destinations.Text(d["format"]) switch
            {
                "json" => EventFormat.Structured,
                "binary" => EventFormat.Binary,
                _ => null,
            },
            DeadLetterAuth: deadLetterUri is null ? null : deadLetterAuth);
    }

    /// <summary>ISO-8601 durations (<c>PT0.2S</c>, <c>PT1M</c>, <c>P1D</c>); null when malformed or negative.</summary>
    public static TimeSpan? ParseDuration(string? text)
    {
        if (text is not { Length: > 1 } || text[0] != 'P') return null;
        try
        {
            var span = XmlConvert.ToTimeSpan(text);
            return span < TimeSpan.Zero ? null : span;
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
