namespace Mesh.Operator.Api.Patch;

/// <summary>A patch that cannot be applied to the document, with the reason (the operation and path at fault).</summary>
public sealed class PatchException(string message) : Exception(message);
