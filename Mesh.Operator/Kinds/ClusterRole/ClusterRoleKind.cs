using Mesh.Operator.Auth.Rbac;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.ClusterRole;

/// <summary><c>ClusterRole</c>: rules for every namespace, cluster-scoped resources and non-resource paths.</summary>
public sealed class ClusterRoleKind(RbacPolicy policy) : RbacKindDefinition(policy)
{
    public override ResourceKind Kind => RbacKinds.ClusterRole;
    protected override string[] Fields => ["rules", "aggregationRule"];

    protected override void Validate(string? @namespace, string name, JsonObject fields, FieldErrors errors)
    {
        RbacDeclarations.ReadRole(null, name, fields, errors);
        if (fields["aggregationRule"] is not null)
            errors.Add("aggregationRule", "aggregated ClusterRoles are not supported; list the rules instead");
    }
}
