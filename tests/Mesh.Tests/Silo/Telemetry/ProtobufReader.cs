namespace Mesh.Tests.Silo.Telemetry;

/// <summary>
/// Just enough of the protobuf wire format to read an OTLP export: fields of a message as
/// (number, wire type, varint or bytes). The OpenTelemetry.Proto types are internal to the exporter.
/// </summary>
public static class ProtobufReader
{
    public readonly record struct Field(int Number, int WireType, ulong Varint, ReadOnlyMemory<byte> Bytes);

    public static IEnumerable<Field> Fields(ReadOnlyMemory<byte> message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var tag = Varint(message.Span, ref position);
            var number = (int)(tag >> 3);
            var wireType = (int)(tag & 7);
            switch (wireType)
            {
                case 0:
                    yield return new Field(number, 0, Varint(message.Span, ref position), default);
                    break;
                case 1:
                    yield return new Field(number, 1, BitConverter.ToUInt64(message.Span.Slice(position, 8)), message.Slice(position, 8));
                    position += 8;
                    break;
                case 2:
                    var length = (int)Varint(message.Span, ref position);
                    yield return new Field(number, 2, 0, message.Slice(position, length));
                    position += length;
                    break;
                case 5:
                    yield return new Field(number, 5, BitConverter.ToUInt32(message.Span.Slice(position, 4)), message.Slice(position, 4));
                    position += 4;
                    break;
                default:
                    throw new FormatException($"wire type {wireType} is not supported");
            }
        }
    }

    private static ulong Varint(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
    }
}
