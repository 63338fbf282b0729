using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;

namespace Mesh.Grains.Events;

/// <summary>Moves events between the SDK's <see cref="CloudEvent"/> and the mesh's envelope.</summary>
public static class EnvelopeConverter
{
    /// <summary>
    /// Builds an envelope from a parsed event. <paramref name="rawData"/> (binary mode) wins over
    /// the SDK's decoded data so the bytes stay exactly as the producer sent them.
    /// </summary>
    public static EventEnvelope FromCloudEvent(CloudEvent cloudEvent, byte[]? rawData = null)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CloudEventNames.SpecVersion] = cloudEvent.SpecVersion.VersionId,
        };
        foreach (var (attribute, value) in cloudEvent.GetPopulatedAttributes())
            attributes[attribute.Name] = attribute.Format(value);
        return new EventEnvelope(attributes, rawData ?? DataBytes(cloudEvent.Data));
    }

    /// <summary>Rebuilds an SDK event, for formats the envelope cannot write by itself.</summary>
    public static CloudEvent ToCloudEvent(EventEnvelope envelope)
    {
        var version = CloudEventsSpecVersion.FromVersionId(envelope[CloudEventNames.SpecVersion])
            ?? CloudEventsSpecVersion.Default;
        var cloudEvent = new CloudEvent(version);
        foreach (var (name, value) in envelope.Attributes)
        {
            if (name == CloudEventNames.SpecVersion) continue;
            cloudEvent.SetAttributeFromString(name, value);
        }
        if (envelope.Data.Length > 0)
            cloudEvent.Data = DataObject(cloudEvent.DataContentType, envelope.Data);
        return cloudEvent;
    }

    private static object DataObject(string? contentType, byte[] data)
    {
        if (IsText(contentType)) return Encoding.UTF8.GetString(data);
        if (!IsJson(contentType)) return data;
        try
        {
            return JsonDocument.Parse(data).RootElement.Clone();
        }
        catch (JsonException)
        {
            // Bytes that claim JSON but are not: keep them, the structured format writes data_base64.
            return data;
        }
    }

    internal static byte[] DataBytes(object? data) => data switch
    {
        null => [],
        byte[] bytes => bytes,
        string text => Encoding.UTF8.GetBytes(text),
        JsonElement element => Encoding.UTF8.GetBytes(element.GetRawText()),
        _ => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(data)),
    };

    internal static bool IsJson(string? contentType) =>
        contentType is null
        || contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
        || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase);

    private static bool IsText(string? contentType) =>
        contentType is not null && contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase);
}
