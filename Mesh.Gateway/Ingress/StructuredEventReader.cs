using System.Text.Json;
using System.Text.Unicode;
using Mesh.Grains.Events;
using Mesh.Grains.Telemetry;

namespace Mesh.Gateway.Ingress;

/// <summary>
/// Reads the usual structured-mode (JSON format) event in one pass of a <see cref="Utf8JsonReader"/>
/// into an envelope, instead of a <see cref="JsonDocument"/>, an SDK event and a conversion; the
/// data is the one copy of its bytes out of the body.
/// </summary>
/// <remarks>
/// Only for events the SDK would read to the same envelope: attributes that are plain JSON strings
/// of printable ASCII, each once, and data that is JSON (no <c>data_base64</c>). For anything else,
/// valid or not, it answers null and the SDK reads the body; a property test holds the two to the
/// same result.
/// </remarks>
internal static class StructuredEventReader
{
    private const int UsualAttributeCount = 10;
    private const string JsonMediaType = "application/json";

    public static EventEnvelope? TryRead(ReadOnlySpan<byte> body, TraceContext? trace = null)
    {
        try
        {
            return Read(body, trace);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static EventEnvelope? Read(ReadOnlySpan<byte> body, TraceContext? trace)
    {
        // The defaults are those of the JsonDocument the SDK parses with: no comments, no trailing
        // commas, a depth of 64.
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        var attributes = new Dictionary<string, string>(UsualAttributeCount, StringComparer.Ordinal)
        {
            [CloudEventNames.SpecVersion] = "1.0",
        };
        var versioned = false;
        byte[]? data = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped) return null;
            var isData = reader.ValueTextEquals("data"u8);
            var name = isData ? null : AttributeText.Name(reader.ValueSpan);
            if (!reader.Read()) return null;
            if (isData)
            {
                if (data is not null || reader.TokenType == JsonTokenType.Null) return null;
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var raw = body[start..(int)reader.BytesConsumed];
                // The SDK keeps JSON data as text and writes it back as UTF-8: the same bytes, when they are UTF-8.
                if (!Utf8.IsValid(raw)) return null;
                data = raw.ToArray();
                continue;
            }
            if (name is null || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || !AttributeText.IsPrintableAscii(reader.ValueSpan)) return null;
            if (name == CloudEventNames.SpecVersion)
            {
                if (versioned || !reader.ValueTextEquals("1.0"u8)) return null;
                versioned = true;
                continue;
            }
            if (AttributeText.Canonical(name, AttributeText.Ascii(reader.ValueSpan)) is not { } value || !attributes.TryAdd(name, value)) return null;
        }
        // The end of the event must be the end of the body (whitespace aside).
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) return null;
        if (!versioned || !BinaryEventReader.HasRequired(attributes)) return null;
        if (data is not null)
        {
            // JSON data is kept as it is only with a JSON content type, the one the SDK implies when none is given.
            if (!attributes.TryGetValue(CloudEventNames.DataContentType, out var contentType)) attributes[CloudEventNames.DataContentType] = JsonMediaType;
            else if (contentType != JsonMediaType) return null;
        }
        trace?.AddTo(attributes);
        return new EventEnvelope(attributes, data ?? []);
    }
}
