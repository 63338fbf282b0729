namespace Mesh.Grains.Filtering;

/// <summary>Finds, in a filter, one condition every matching event must meet and an index can look up.</summary>
public static class IndexKeys
{
    /// <summary>A required condition: the attribute equals, starts with or ends with the value.</summary>
    public sealed record Anchor(FilterKind Kind, string Attribute, string Value);

    /// <summary>
    /// The most selective anchor the filter implies (exact before prefix before suffix, longer values
    /// first), or null when none is implied and the filter must be evaluated for every event.
    /// </summary>
    public static Anchor? Choose(FilterSpec spec) =>
        Required(spec)
            .OrderBy(a => a.Kind switch { FilterKind.Exact => 0, FilterKind.Prefix => 1, _ => 2 })
            .ThenByDescending(a => a.Value.Length)
            .FirstOrDefault();

    // Conditions implied by the filter as a whole: the conjuncts of nested "all"s and the listed attributes.
    private static IEnumerable<Anchor> Required(FilterSpec spec)
    {
        switch (spec.Kind)
        {
            case FilterKind.Attributes:
                foreach (var (name, value) in spec.Attributes ?? [])
                    if (value.Length > 0) yield return new Anchor(FilterKind.Exact, name, value);
                break;
            case FilterKind.Exact or FilterKind.Prefix or FilterKind.Suffix:
                foreach (var (name, value) in spec.Attributes ?? [])
                    // An empty prefix or suffix is met by every present value: no use as an anchor.
                    if (spec.Kind == FilterKind.Exact || value.Length > 0) yield return new Anchor(spec.Kind, name, value);
                break;
            case FilterKind.All:
                foreach (var child in spec.Children ?? [])
                    foreach (var anchor in Required(child)) yield return anchor;
                break;
        }
    }
}
