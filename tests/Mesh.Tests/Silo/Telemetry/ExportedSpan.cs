using System.Text;

namespace Mesh.Tests.Silo.Telemetry;

/// <summary>A span as an OTLP receiver got it: ids in hex, its name, kind, string and integer attributes, and its service.</summary>
public sealed record ExportedSpan(string Service, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, IReadOnlyDictionary<string, object> Attributes)
{
    public string? Attribute(string key) => Attributes.TryGetValue(key, out var v) ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>Reads an <c>ExportTraceServiceRequest</c> (opentelemetry/proto/collector/trace/v1).</summary>
    public static IEnumerable<ExportedSpan> Read(ReadOnlyMemory<byte> request)
    {
        foreach (var resourceSpans in ProtobufReader.Fields(request).Where(f => f.Number == 1))
        {
            var service = "";
            foreach (var f in ProtobufReader.Fields(resourceSpans.Bytes))
            {
                if (f.Number == 1)
                    foreach (var attribute in ProtobufReader.Fields(f.Bytes).Where(a => a.Number == 1))
                        if (KeyValue(attribute.Bytes) is ("service.name", string name)) service = name;
            }
            foreach (var scopeSpans in ProtobufReader.Fields(resourceSpans.Bytes).Where(f => f.Number == 2))
                foreach (var span in ProtobufReader.Fields(scopeSpans.Bytes).Where(f => f.Number == 2))
                    yield return Span(service, span.Bytes);
        }
    }

    private static ExportedSpan Span(string service, ReadOnlyMemory<byte> span)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        var kind = 0;
        var attributes = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var f in ProtobufReader.Fields(span))
        {
            switch (f.Number)
            {
                case 1: traceId = Convert.ToHexStringLower(f.Bytes.Span); break;
                case 2: spanId = Convert.ToHexStringLower(f.Bytes.Span); break;
                case 4: parent = Convert.ToHexStringLower(f.Bytes.Span); break;
                case 5: name = Encoding.UTF8.GetString(f.Bytes.Span); break;
                case 6: kind = (int)f.Varint; break;
                case 9:
                    if (KeyValue(f.Bytes) is (var key, { } value)) attributes[key] = value;
                    break;
            }
        }
        return new ExportedSpan(service, traceId, spanId, parent, name, kind, attributes);
    }

    // KeyValue { string key = 1; AnyValue value = 2; }  AnyValue { string = 1; bool = 2; int64 = 3; double = 4; }
    private static (string Key, object? Value) KeyValue(ReadOnlyMemory<byte> bytes)
    {
        string key = "";
        object? value = null;
        foreach (var f in ProtobufReader.Fields(bytes))
        {
            if (f.Number == 1) key = Encoding.UTF8.GetString(f.Bytes.Span);
            if (f.Number != 2) continue;
            foreach (var v in ProtobufReader.Fields(f.Bytes))
                value = v.Number switch
                {
                    1 => Encoding.UTF8.GetString(v.Bytes.Span),
                    2 => v.Varint != 0,
                    3 => (long)v.Varint,
                    4 => BitConverter.Int64BitsToDouble((long)v.Varint),
                    _ => value,
                };
        }
        return (key, value);
    }
}
