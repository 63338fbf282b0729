using Mesh.Operator.Resources;

namespace Mesh.Operator.Controller;

/// <summary>
/// The outcome of an apply: the stored object, what is wrong with the declaration, or (<see cref="Problem"/>)
/// another refusal to answer as it is: missing object, conflicting version, a patch that does not apply, a forbidden grant.
/// </summary>
public sealed record ApplyResult(Declaration? Declaration, bool Created, int ErrorStatus = 0, string? ErrorTitle = null,
    IReadOnlyList<FieldError>? Errors = null, IResult? Problem = null)
{
    public static ApplyResult Refused(IResult problem) => new(null, false, Problem: problem);
}
