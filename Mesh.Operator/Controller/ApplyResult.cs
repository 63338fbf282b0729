using Mesh.Operator.Resources;

namespace Mesh.Operator.Controller;

/// <summary>The outcome of an apply: the stored object, or what is wrong with the declaration.</summary>
public sealed record ApplyResult(Declaration? Declaration, bool Created, int ErrorStatus = 0, string? ErrorTitle = null, IReadOnlyList<FieldError>? Errors = null);
