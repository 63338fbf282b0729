namespace Mesh.Grains.Filtering.Cesql;

/// <summary>
/// A LIKE pattern compiled once: <c>%</c> is any run of characters, <c>_</c> exactly one, and a
/// backslash makes the following <c>%</c>, <c>_</c> or backslash literal (spec §3.4.3). A backslash
/// before anything else is itself literal, as the TCK's <c>'ab\c' LIKE 'ab\c'</c> expects.
/// </summary>
internal sealed class LikePattern
{
    private const char AnyOne = '\uFFFF', AnyRun = '\uFFFE';

    // Wildcards are stored out of band in _wild so that every input character stays matchable.
    private readonly char[] _chars;
    private readonly bool[] _wild;

    public LikePattern(string pattern)
    {
        List<char> chars = [];
        List<bool> wild = [];
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length && pattern[i + 1] is '%' or '_' or '\\')
            {
                chars.Add(pattern[++i]);
                wild.Add(false);
            }
            else if (c is '%' or '_')
            {
                chars.Add(c == '%' ? AnyRun : AnyOne);
                wild.Add(true);
            }
            else
            {
                chars.Add(c);
                wild.Add(false);
            }
        }
        _chars = [.. chars];
        _wild = [.. wild];
    }

    /// <summary>Greedy match that backtracks only to the last <c>%</c>: linear in practice, O(n·m) at worst.</summary>
    public bool IsMatch(string input)
    {
        int p = 0, s = 0, starP = -1, starS = 0;
        while (s < input.Length)
        {
            if (p < _chars.Length && _wild[p] && _chars[p] == AnyRun)
            {
                starP = p++;
                starS = s;
            }
            else if (p < _chars.Length && (_wild[p] || _chars[p] == input[s]))
            {
                p++;
                s++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                s = ++starS;
            }
            else return false;
        }
        while (p < _chars.Length && _wild[p] && _chars[p] == AnyRun) p++;
        return p == _chars.Length;
    }
}
