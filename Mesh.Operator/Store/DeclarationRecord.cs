namespace Mesh.Operator.Store;

/// <summary>A declared object as stored: the object (apiVersion, kind, metadata, spec) and its status, as JSON text.</summary>
[GenerateSerializer, Immutable, Alias("mesh.declaration-record")]
public sealed record DeclarationRecord(
    [property: Id(0)] string ObjectJson,
    [property: Id(1)] string? StatusJson);
