using Mesh.Operator.Resources;

namespace Mesh.Operator.Auth.Rbac;

/// <summary><c>ClusterRole</c>: rules for every namespace, cluster-scoped resources and non-resource paths.</summary>
public sealed class ClusterRoleReconciler(RbacPolicy policy) : RbacKindReconciler(policy)
{
    public override ResourceKind Kind => RbacKinds.ClusterRole;
    protected override string[] Fields => ["rules", "aggregationRule"];

    public override void Validate(Declaration declaration, FieldErrors errors)
    {
        RbacDeclarations.ReadRole(null, declaration.Name, declaration.Spec, errors);
        if (declaration.Spec["aggregationRule"] is not null)
            errors.Add("aggregationRule", "aggregated ClusterRoles are not supported; list the rules instead");
    }
}
