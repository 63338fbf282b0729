namespace Mesh.Operator.Resources;

/// <summary>An object a composite kind owns: its kind, name and spec (in the owner's namespace).</summary>
public sealed record ChildDeclaration(ResourceKind Kind, string Name, JsonObject Spec);
