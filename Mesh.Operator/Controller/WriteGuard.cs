namespace Mesh.Operator.Controller;

/// <summary>
/// A last check of an admitted object before it is stored, made under the same lock as the write
/// (RBAC's escalation rules, which depend on who asks): null lets it through, else the answer to give.
/// </summary>
public delegate Task<IResult?> WriteGuard(JsonObject admitted, CancellationToken cancellation);
