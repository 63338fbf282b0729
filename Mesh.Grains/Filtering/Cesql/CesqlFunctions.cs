namespace Mesh.Grains.Filtering.Cesql;

/// <summary>The built-in functions of spec §3.5 and the TCK's casting functions, by upper-case name.</summary>
internal static class CesqlFunctions
{
    private static readonly Dictionary<string, CesqlFunction[]> Builtins =
        new[] { StringFunctions.All, ScalarFunctions.All }
            .SelectMany(f => f)
            .GroupBy(f => f.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

    /// <summary>Overloads differ by arity only (spec §3.5), so name and arity pick at most one.</summary>
    public static CesqlFunction? Resolve(string name, int arity) =>
        Builtins.TryGetValue(name, out var overloads)
            ? overloads.FirstOrDefault(f => f.Variadic is null && f.Accepts(arity)) ?? overloads.FirstOrDefault(f => f.Accepts(arity))
            : null;

    public static bool Exists(string name) => Builtins.ContainsKey(name);
}
