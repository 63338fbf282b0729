namespace Mesh.Grains.Filtering.Cesql;

/// <summary>The error types every CESQL engine must support (spec §3.3).</summary>
public enum CesqlErrorKind
{
    Parse,
    Math,
    Cast,
    MissingFunction,
    FunctionEvaluation,
    MissingAttribute,
    Generic,
}
