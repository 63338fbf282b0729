using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CloudNative.CloudEvents;

namespace EventDisplay;

/// <summary>Formats a CloudEvent the way Knative's event_display prints it.</summary>
public static class EventPrinter
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public static string Format(CloudEvent cloudEvent)
    {
        var text = new StringBuilder();
        text.AppendLine("☁️  cloudevents.Event");
        text.AppendLine("Context Attributes,");
        Line(text, "specversion", cloudEvent.SpecVersion.VersionId);
        Line(text, "type", cloudEvent.Type);
        Line(text, "source", cloudEvent.Source?.ToString());
        Line(text, "subject", cloudEvent.Subject);
        Line(text, "id", cloudEvent.Id);
        Line(text, "time", cloudEvent.Time is { } time ? cloudEvent.SpecVersion.TimeAttribute.Format(time) : null);
        Line(text, "dataschema", cloudEvent.DataSchema?.ToString());
        Line(text, "datacontenttype", cloudEvent.DataContentType);

        var extensions = cloudEvent.GetPopulatedAttributes()
            .Where(pair => pair.Key.IsExtension)
            .OrderBy(pair => pair.Key.Name, StringComparer.Ordinal)
            .ToList();
        if (extensions.Count > 0)
        {
            text.AppendLine("Extensions,");
            foreach (var (attribute, value) in extensions)
            {
                Line(text, attribute.Name, attribute.Format(value));
            }
        }

        if (cloudEvent.Data is { } data)
        {
            text.AppendLine("Data,");
            foreach (var line in FormatData(data).Split('\n'))
            {
                text.Append("  ").AppendLine(line.TrimEnd('\r'));
            }
        }
        return text.ToString();
    }

    private static void Line(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.Append("  ").Append(name).Append(": ").AppendLine(value);
        }
    }

    private static string FormatData(object data) => data switch
    {
        JsonElement json => JsonSerializer.Serialize(json, Indented),
        string s => s,
        byte[] bytes => FormatBytes(bytes),
        _ => data.ToString() ?? "",
    };

    private static string FormatBytes(byte[] bytes)
    {
        try
        {
            var text = StrictUtf8.GetString(bytes);
            if (!text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            {
                return text;
            }
        }
        catch (DecoderFallbackException)
        {
            // Not text: fall through to base64.
        }
        return $"({bytes.Length} bytes, base64) {Convert.ToBase64String(bytes)}";
    }
}
