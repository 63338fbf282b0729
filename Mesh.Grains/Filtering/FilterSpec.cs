namespace Mesh.Grains.Filtering;

/// <summary>The dialects a trigger filter is written in (Knative's <c>filter</c> and <c>filters</c>).</summary>
[GenerateSerializer, Alias("mesh.filter-kind")]
public enum FilterKind
{
    /// <summary>No filter: every event passes.</summary>
    MatchAll = 0,
    /// <summary>Legacy <c>filter.attributes</c>: exact values, <c>""</c> meaning present and non-empty.</summary>
    Attributes = 1,
    Exact = 2,
    Prefix = 3,
    Suffix = 4,
    All = 5,
    Any = 6,
    Not = 7,
    Cesql = 8,
}

/// <summary>A filter as declared, in a form grains can store and compile.</summary>
/// <remarks>Concrete collection types: grain storage serializes by runtime type.</remarks>
[GenerateSerializer, Immutable, Alias("mesh.filter")]
public sealed record FilterSpec(
    [property: Id(0)] FilterKind Kind,
    [property: Id(1)] Dictionary<string, string>? Attributes = null,
    [property: Id(2)] FilterSpec[]? Children = null,
    [property: Id(3)] string? Expression = null)
{
    public static FilterSpec MatchAll { get; } = new(FilterKind.MatchAll);
}
