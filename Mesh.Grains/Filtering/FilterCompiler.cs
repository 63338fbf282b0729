namespace Mesh.Grains.Filtering;

/// <summary>Turns a declared <see cref="FilterSpec"/> into an evaluator, once, at configuration time.</summary>
public static class FilterCompiler
{
    public static IEventFilter Compile(FilterSpec spec) => spec.Kind switch
    {
        FilterKind.MatchAll => MatchAllFilter.Instance,
        FilterKind.Attributes => spec.Attributes is { Count: > 0 } a ? new LegacyAttributesFilter(a) : MatchAllFilter.Instance,
        FilterKind.Exact or FilterKind.Prefix or FilterKind.Suffix =>
            new StringMatchFilter(spec.Kind, spec.Attributes ?? new Dictionary<string, string>()),
        FilterKind.All => new AllFilter(CompileChildren(spec)),
        FilterKind.Any => new AnyFilter(CompileChildren(spec)),
        FilterKind.Not => new NotFilter(Compile(spec.Children is { Length: 1 } c ? c[0] : FilterSpec.MatchAll)),
        // Parsed here, once: a CesqlParseException surfaces at configuration time, not per event.
        FilterKind.Cesql => new CesqlFilter(spec.Expression ?? ""),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "unknown filter kind"),
    };

    private static IEventFilter[] CompileChildren(FilterSpec spec) =>
        [.. (spec.Children ?? []).Select(Compile)];
}
