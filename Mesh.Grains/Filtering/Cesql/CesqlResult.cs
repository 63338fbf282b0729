namespace Mesh.Grains.Filtering.Cesql;

/// <summary>
/// What an evaluation yields: a value (<see cref="bool"/>, <see cref="long"/> holding a 32-bit
/// integer, or <see cref="string"/>) and the errors collected on the way, which CESQL returns
/// side by side rather than instead of each other (spec §3.3).
/// </summary>
public sealed record CesqlResult(object Value, IReadOnlyList<CesqlError> Errors)
{
    public bool HasErrors => Errors.Count > 0;

    /// <summary>The filter reading of a result (spec §1.2): Boolean true and no error.</summary>
    public bool IsMatch => Value is true && Errors.Count == 0;
}
