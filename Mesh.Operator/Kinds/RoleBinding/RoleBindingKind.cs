using Mesh.Operator.Auth.Rbac;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.RoleBinding;

/// <summary><c>RoleBinding</c>: grants a Role, or a ClusterRole's rules within the binding's namespace.</summary>
public sealed class RoleBindingKind(RbacPolicy policy) : RbacKindDefinition(policy)
{
    public override ResourceKind Kind => RbacKinds.RoleBinding;
    protected override string[] Fields => ["roleRef", "subjects"];

    protected override void Validate(string? @namespace, string name, JsonObject fields, FieldErrors errors) =>
        RbacDeclarations.ReadBinding(@namespace, name, fields, errors);

    protected override void CheckImmutable(JsonObject previous, JsonObject next, FieldErrors errors) => RoleRefUnchanged(previous, next, errors);
}
