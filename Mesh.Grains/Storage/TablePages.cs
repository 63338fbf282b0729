namespace Mesh.Grains.Storage;

/// <summary>
/// How a grain's table of many small entries (a router's triggers, an index's names) is stored: in
/// <see cref="Count"/> pages, each a grain of its own, an entry in the page its key hashes to. A
/// change then writes one page, about a sixty-fourth of the table, instead of the whole table: with
/// 10,000 triggers on a broker, rewriting the table on every apply made applying them quadratic.
/// </summary>
/// <remarks>
/// The hash is part of the stored layout: changing it, or <see cref="Count"/>, strands entries in
/// pages nobody reads. Which pages hold entries is a bit mask the owner keeps in its own state, so
/// that a small table costs reads of its few pages, not of all of them.
/// </remarks>
public static class TablePages
{
    public const int Count = 64;

    /// <summary>The page of <paramref name="key"/>: FNV-1a over its UTF-16 code units, stable across processes and versions.</summary>
    public static int Of(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash % Count);
    }

    /// <summary>The pages set in <paramref name="mask"/>.</summary>
    public static IEnumerable<int> In(ulong mask)
    {
        for (var page = 0; page < Count; page++)
            if ((mask & Bit(page)) != 0) yield return page;
    }

    public static ulong Bit(int page) => 1UL << page;
}
