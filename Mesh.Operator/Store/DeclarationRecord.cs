namespace Mesh.Operator.Store;

/// <summary>A declared object as stored: the object (apiVersion, kind, metadata, spec) and its status, as JSON text.</summary>
/// <param name="ResourceVersion">
/// Changes on every write of the object or its status (see <see cref="ResourceVersionClock"/>); 0 for a
/// record stored before versions existed, until its next write.
/// </param>
[GenerateSerializer, Immutable, Alias("mesh.declaration-record")]
public sealed record DeclarationRecord(
    [property: Id(0)] string ObjectJson,
    [property: Id(1)] string? StatusJson,
    [property: Id(2)] long ResourceVersion = 0)
{
    /// <summary>Whether both hold the same object and status, whatever their versions.</summary>
    public bool SameContent(DeclarationRecord other) => ObjectJson == other.ObjectJson && StatusJson == other.StatusJson;
}
