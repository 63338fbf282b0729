using Mesh.Operator.Resources;

namespace Mesh.Operator.Auth.Rbac;

/// <summary><c>ClusterRoleBinding</c>: grants a ClusterRole in every namespace and at the cluster scope.</summary>
public sealed class ClusterRoleBindingReconciler(RbacPolicy policy) : RbacKindReconciler(policy)
{
    public override ResourceKind Kind => RbacKinds.ClusterRoleBinding;
    protected override string[] Fields => ["roleRef", "subjects"];

    public override void Validate(Declaration declaration, FieldErrors errors) =>
        RbacDeclarations.ReadBinding(null, declaration.Name, declaration.Spec, errors);

    public override void ValidateUpdate(Declaration previous, Declaration next, FieldErrors errors) =>
        RoleRefImmutability.Check(previous, next, errors);
}
