namespace Mesh.Gateway.Ingress;

/// <summary>
/// Recognises a <c>time</c> value already in the form the CloudEvents SDK writes back (UTC with
/// <c>Z</c>, whole seconds or three fraction digits that are not all zero), so that the usual
/// producer's timestamp costs a scan instead of a parse and a format.
/// </summary>
/// <remarks>Anything else (offsets, other precisions, lower-case letters) goes the SDK's way.</remarks>
internal static class CanonicalTime
{
    private const int Seconds = 20;      // yyyy-MM-ddTHH:mm:ssZ
    private const int Milliseconds = 24; // yyyy-MM-ddTHH:mm:ss.fffZ

    public static bool IsCanonical(ReadOnlySpan<char> text)
    {
        if (text.Length is not (Seconds or Milliseconds) || text[^1] != 'Z') return false;
        if (text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':') return false;
        if (!TryNumber(text[..4], out var year) || !TryNumber(text[5..7], out var month) || !TryNumber(text[8..10], out var day)
            || !TryNumber(text[11..13], out var hour) || !TryNumber(text[14..16], out var minute) || !TryNumber(text[17..19], out var second))
            return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        if (text.Length == Seconds) return true;
        // Three zeros are whole seconds, which the SDK writes without a fraction.
        return text[19] == '.' && TryNumber(text[20..23], out var millisecond) && millisecond > 0;
    }

    private static bool TryNumber(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }
}
