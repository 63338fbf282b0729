using Mesh.Operator.Resources;

namespace Mesh.Operator.Reconcilers;

/// <summary>An object a composite kind owns: its kind, name and spec (in the owner's namespace).</summary>
public sealed record ChildDeclaration(ResourceKind Kind, string Name, JsonObject Spec)
{
    public static ObjectKey KeyIn(Declaration owner, ResourceKind kind, string name) => new(kind, owner.Namespace, name);
}
