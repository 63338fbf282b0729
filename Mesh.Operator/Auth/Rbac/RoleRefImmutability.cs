using Mesh.Operator.Resources;

namespace Mesh.Operator.Auth.Rbac;

/// <summary>As in Kubernetes, a binding's <c>roleRef</c> cannot change: delete the binding and create it again.</summary>
internal static class RoleRefImmutability
{
    public static void Check(Declaration previous, Declaration next, FieldErrors errors)
    {
        if (!JsonNode.DeepEquals(previous.Spec["roleRef"], next.Spec["roleRef"]))
            errors.Add("roleRef", "cannot change roleRef; delete the binding and create it again");
    }
}
