using System.Text;

namespace Mesh.Cli.Events;

/// <summary>
/// Percent-encodes attribute values for <c>ce-</c> headers as the CloudEvents HTTP binding requires:
/// space, double quote, percent and anything outside printable ASCII, as UTF-8 bytes.
/// </summary>
internal static class HeaderValue
{
    public static string Encode(string value)
    {
        if (value.All(c => c > ' ' && c < 0x7F && c is not '"' and not '%'))
            return value;
        var builder = new StringBuilder(value.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c > ' ' && c < 0x7F && c is not '"' and not '%')
                builder.Append(c);
            else
                builder.Append('%').Append(b.ToString("X2"));
        }
        return builder.ToString();
    }
}
