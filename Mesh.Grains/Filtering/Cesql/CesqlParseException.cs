namespace Mesh.Grains.Filtering.Cesql;

/// <summary>The expression text is not valid CESQL; <see cref="Position"/> points at the offending character.</summary>
public sealed class CesqlParseException(string message, int position)
    : Exception($"{message} (at position {position})")
{
    /// <summary>1-based character offset in the expression text.</summary>
    public int Position { get; } = position;

    /// <summary>The reason without the position, for callers that format their own message.</summary>
    public string Reason { get; } = message;

    public CesqlError Error => new(CesqlErrorKind.Parse, Reason, Position);
}
