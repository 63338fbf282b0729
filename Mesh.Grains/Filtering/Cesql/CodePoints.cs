namespace Mesh.Grains.Filtering.Cesql;

/// <summary>
/// CESQL strings are sequences of Unicode characters (spec §3.1), so lengths and positions count
/// code points, not UTF-16 units. Strings without surrogates, nearly all of them, take the fast path.
/// </summary>
internal static class CodePoints
{
    public static int Length(string s) => HasSurrogates(s) ? s.EnumerateRunes().Count() : s.Length;

    /// <summary>The code points <c>[start, start + length)</c>, both already clamped by the caller.</summary>
    public static string Slice(string s, int start, int length)
    {
        if (!HasSurrogates(s)) return s.Substring(start, length);
        var from = Offset(s, start);
        return s[from..Offset(s, start + length, from, start)];
    }

    private static bool HasSurrogates(string s) => s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0;

    private static int Offset(string s, int codePoint, int from = 0, int fromCodePoint = 0)
    {
        var offset = from;
        for (var i = fromCodePoint; i < codePoint && offset < s.Length; i++)
            offset += char.IsHighSurrogate(s[offset]) && offset + 1 < s.Length && char.IsLowSurrogate(s[offset + 1]) ? 2 : 1;
        return offset;
    }
}
