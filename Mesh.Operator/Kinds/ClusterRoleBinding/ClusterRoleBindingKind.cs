using Mesh.Operator.Auth.Rbac;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.ClusterRoleBinding;

/// <summary><c>ClusterRoleBinding</c>: grants a ClusterRole in every namespace and at the cluster scope.</summary>
public sealed class ClusterRoleBindingKind(RbacPolicy policy) : RbacKindDefinition(policy)
{
    public override ResourceKind Kind => RbacKinds.ClusterRoleBinding;
    protected override string[] Fields => ["roleRef", "subjects"];

    protected override void Validate(string? @namespace, string name, JsonObject fields, FieldErrors errors) =>
        RbacDeclarations.ReadBinding(null, name, fields, errors);

    protected override void CheckImmutable(JsonObject previous, JsonObject next, FieldErrors errors) => RoleRefUnchanged(previous, next, errors);
}
