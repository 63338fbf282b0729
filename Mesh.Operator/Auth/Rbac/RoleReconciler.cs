using Mesh.Operator.Resources;

namespace Mesh.Operator.Auth.Rbac;

/// <summary><c>Role</c>: rules within one namespace.</summary>
public sealed class RoleReconciler(RbacPolicy policy) : RbacKindReconciler(policy)
{
    public override ResourceKind Kind => RbacKinds.Role;
    protected override string[] Fields => ["rules"];

    public override void Validate(Declaration declaration, FieldErrors errors) =>
        RbacDeclarations.ReadRole(NamespaceOf(declaration), declaration.Name, declaration.Spec, errors);
}
