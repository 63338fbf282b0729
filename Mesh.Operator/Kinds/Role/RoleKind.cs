using Mesh.Operator.Auth.Rbac;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.Role;

/// <summary><c>Role</c>: rules within one namespace.</summary>
public sealed class RoleKind(RbacPolicy policy) : RbacKindDefinition(policy)
{
    public override ResourceKind Kind => RbacKinds.Role;
    protected override string[] Fields => ["rules"];

    protected override void Validate(string? @namespace, string name, JsonObject fields, FieldErrors errors) =>
        RbacDeclarations.ReadRole(@namespace, name, fields, errors);
}
