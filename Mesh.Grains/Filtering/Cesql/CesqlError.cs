namespace Mesh.Grains.Filtering.Cesql;

/// <summary>One error collected while parsing or evaluating an expression.</summary>
/// <param name="Position">1-based character offset in the expression text, when known.</param>
public sealed record CesqlError(CesqlErrorKind Kind, string Message, int? Position = null)
{
    public override string ToString() =>
        Position is { } p ? $"{Kind} at position {p}: {Message}" : $"{Kind}: {Message}";
}
