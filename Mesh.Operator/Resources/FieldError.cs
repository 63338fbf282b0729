namespace Mesh.Operator.Resources;

/// <summary>One fault in a declaration: the path of the field (<c>spec.subscriber.ref.name</c>) and what is wrong with it.</summary>
public sealed record FieldError(string Field, string Message);
