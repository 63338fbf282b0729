using System.Text;
using CloudNative.CloudEvents;
using Mesh.Grains.Events;

namespace Mesh.Gateway.Ingress;

/// <summary>
/// The attribute names and values the direct readers take as they are: those the SDK would read to
/// the very same text. Anything else (percent-encoding, quotes, non-ASCII, an unusual type) is left
/// to the SDK, which stays the one authority on what is valid and on how a refusal is worded.
/// </summary>
internal static class AttributeText
{
    private static readonly CloudEventAttribute Time = CloudEventsSpecVersion.V1_0.TimeAttribute;

    /// <summary>
    /// The attribute's name in lower case, the mesh's own constant for the usual ones; null when the
    /// name is not all ASCII letters and digits, or is one the direct readers leave to the SDK.
    /// </summary>
    public static string? Name(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty) return null;
        if (Known(name) is { } known) return known;
        var lower = true;
        foreach (var c in name)
        {
            if (char.IsAsciiLetterUpper(c)) lower = false;
            else if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c)) return null;
        }
        if (name.Equals("data", StringComparison.OrdinalIgnoreCase) || name.Equals("dataschema", StringComparison.OrdinalIgnoreCase)) return null;
        return lower ? name.ToString() : name.ToString().ToLowerInvariant();
    }

    /// <inheritdoc cref="Name(ReadOnlySpan{char})"/>
    public static string? Name(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty || utf8.Length > 64) return null;
        Span<char> chars = stackalloc char[utf8.Length];
        for (var i = 0; i < utf8.Length; i++)
        {
            var b = utf8[i];
            // JSON names are case-sensitive: only lower-case names are attribute names.
            if (!char.IsAsciiLetterLower((char)b) && !char.IsAsciiDigit((char)b)) return null;
            chars[i] = (char)b;
        }
        return Name(chars);
    }

    private static string? Known(ReadOnlySpan<char> name) => name.Length switch
    {
        2 when name.Equals(CloudEventNames.Id, StringComparison.OrdinalIgnoreCase) => CloudEventNames.Id,
        4 when name.Equals(CloudEventNames.Type, StringComparison.OrdinalIgnoreCase) => CloudEventNames.Type,
        4 when name.Equals(CloudEventNames.Time, StringComparison.OrdinalIgnoreCase) => CloudEventNames.Time,
        6 when name.Equals(CloudEventNames.Source, StringComparison.OrdinalIgnoreCase) => CloudEventNames.Source,
        7 when name.Equals(CloudEventNames.Subject, StringComparison.OrdinalIgnoreCase) => CloudEventNames.Subject,
        11 when name.Equals(CloudEventNames.SpecVersion, StringComparison.OrdinalIgnoreCase) => CloudEventNames.SpecVersion,
        15 when name.Equals(CloudEventNames.DataContentType, StringComparison.OrdinalIgnoreCase) => CloudEventNames.DataContentType,
        _ => null,
    };

    /// <summary>Printable ASCII: text every CloudEvents string type accepts unchanged.</summary>
    public static bool IsPrintableAscii(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
            if (c is < ' ' or > '~') return false;
        return true;
    }

    /// <inheritdoc cref="IsPrintableAscii(ReadOnlySpan{char})"/>
    public static bool IsPrintableAscii(ReadOnlySpan<byte> text)
    {
        foreach (var b in text)
            if (b is < (byte)' ' or > (byte)'~') return false;
        return true;
    }

    /// <summary>A header value the HTTP binding's decoding leaves as it is: printable ASCII without percent-encoding or quotes.</summary>
    public static bool IsPlainHeaderValue(string value) =>
        IsPrintableAscii(value) && value.AsSpan().IndexOfAny('%', '"') < 0;

    /// <summary>
    /// The value as the envelope keeps it (the SDK's canonical text for the attribute's type), or
    /// null when it is not valid for its type or needs the SDK.
    /// </summary>
    /// <param name="value">Printable ASCII.</param>
    public static string? Canonical(string name, string value)
    {
        // Empty is the SDK's to judge: it refuses an empty subject (as id, source and type) and
        // keeps an empty extension.
        if (value.Length == 0) return null;
        switch (name)
        {
            case CloudEventNames.Source:
                // URI-reference: what the SDK parses to a Uri and formats back as its original string.
                return Uri.TryCreate(value, UriKind.RelativeOrAbsolute, out _) ? value : null;
            case CloudEventNames.Time:
                if (CanonicalTime.IsCanonical(value)) return value;
                try
                {
                    return Time.Format(Time.Parse(value));
                }
                catch (Exception e) when (e is FormatException or ArgumentException)
                {
                    return null;
                }
            case CloudEventNames.DataContentType:
                return IsMediaType(value) ? value : null;
            default:
                return value;
        }
    }

    // The SDK refuses a datacontenttype that System.Net.Mime cannot parse (RFC 2046); the usual one needs no parse.
    private static bool IsMediaType(string value)
    {
        if (value == "application/json") return true;
        try
        {
            _ = new System.Net.Mime.ContentType(value);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static string Ascii(ReadOnlySpan<byte> text) => Encoding.ASCII.GetString(text);
}
