using Mesh.Operator.Resources;

namespace Mesh.Operator.Auth.Rbac;

/// <summary><c>RoleBinding</c>: grants a Role, or a ClusterRole's rules within the binding's namespace.</summary>
public sealed class RoleBindingReconciler(RbacPolicy policy) : RbacKindReconciler(policy)
{
    public override ResourceKind Kind => RbacKinds.RoleBinding;
    protected override string[] Fields => ["roleRef", "subjects"];

    public override void Validate(Declaration declaration, FieldErrors errors) =>
        RbacDeclarations.ReadBinding(NamespaceOf(declaration), declaration.Name, declaration.Spec, errors);

    public override void ValidateUpdate(Declaration previous, Declaration next, FieldErrors errors) =>
        RoleRefImmutability.Check(previous, next, errors);
}
