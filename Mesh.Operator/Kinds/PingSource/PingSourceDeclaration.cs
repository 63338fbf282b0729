using System.Text;
using Mesh.Grains.Sources.Ping;
using Mesh.Operator.Addressing;
using Mesh.Operator.Delivery;
using Mesh.Operator.Resources;
using Mesh.Operator.Sources;

namespace Mesh.Operator.Kinds.PingSource;

/// <summary>A PingSource as declared: a cron schedule in a time zone, the event data (<c>data</c> or <c>dataBase64</c>, not both), and where it goes.</summary>
public sealed record PingSourceDeclaration(
    string Schedule,
    string? Timezone,
    string? ContentType,
    byte[] Data,
    Destination Sink,
    CeOverrides CeOverrides,
    DeliveryDeclaration? Delivery) : IDeclarationSpec<PingSourceDeclaration>
{
    public static PingSourceDeclaration? Parse(FieldReader spec, JsonObject metadata)
    {
        var before = spec.Errors.Count;
        var timezone = spec.String("timezone");
        if (timezone is not null && PingSchedule.TryFindZone(timezone, out var zoneError) is null)
        {
            spec.Fail("timezone", zoneError!);
            timezone = null;
        }
        var schedule = spec.String("schedule");
        if (!spec.Has("schedule") || schedule is not null)
            if (PingSchedule.TryParse(schedule, timezone, out var scheduleError) is null) spec.Fail("schedule", scheduleError!);
        var contentType = spec.String("contentType");
        var data = ReadData(spec, contentType);
        var sink = Destination.Parse(spec["sink"], spec.PathOf("sink"), spec.Errors, required: true);
        var overrides = CeOverrides.Parse(spec["ceOverrides"], spec.PathOf("ceOverrides"), spec.Errors);
        var delivery = DeliveryDeclaration.Parse(spec["delivery"], spec.PathOf("delivery"), spec.Errors);
        return spec.Errors.Count > before ? null : new(schedule!, timezone, contentType, data!, sink!, overrides!, delivery);
    }

    /// <summary>The event data: <c>dataBase64</c> decoded, or <c>data</c> as UTF-8; with a JSON content type, a JSON object.</summary>
    private static byte[]? ReadData(FieldReader spec, string? contentType)
    {
        if (spec.Has("data") && spec.Has("dataBase64"))
        {
            spec.Fail("dataBase64", "data and dataBase64 are mutually exclusive; set one");
            return null;
        }
        byte[] bytes = [];
        if (spec.Has("dataBase64"))
        {
            var encoded = FieldReader.TextOf(spec["dataBase64"]);
            if (encoded is null || !Convert.TryFromBase64String(encoded, new byte[encoded.Length], out _))
            {
                spec.Fail("dataBase64", "dataBase64 must be valid base64");
                return null;
            }
            bytes = Convert.FromBase64String(encoded);
        }
        else if (spec.String("data") is { } text)
        {
            bytes = Encoding.UTF8.GetBytes(text);
        }
        if (!IsJson(contentType) || bytes.Length == 0) return bytes;
        var field = spec.Has("data") ? "data" : "dataBase64";
        try
        {
            if (JsonNode.Parse(bytes) is JsonObject) return bytes;
            spec.Fail(field, "with contentType application/json the data must be a JSON object");
        }
        catch (JsonException e)
        {
            spec.Fail(field, $"with contentType application/json the data must be a JSON object: {e.Message}");
        }
        return null;
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);
}
