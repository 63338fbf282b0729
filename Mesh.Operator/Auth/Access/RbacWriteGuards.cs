using Mesh.Operator.Api;
using Mesh.Operator.Auth.Rbac;
using Mesh.Operator.Controller;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Auth.Access;

/// <summary>
/// Applies <see cref="RbacEscalation"/> to writes of the four RBAC kinds through the resource API, for
/// the user the request was authorized as (none, and no check, when the control plane is open).
/// </summary>
public sealed class RbacWriteGuards(RbacPolicy rbac)
{
    /// <returns>The guard for this request's write, or null when it needs none.</returns>
    public WriteGuard? For(HttpContext context, ResourceKind kind)
    {
        if (!RbacKinds.Contains(kind) || MeshAccessHandler.UserOf(context) is not { } user) return null;
        return async (admitted, cancellation) =>
        {
            var policy = await rbac.CurrentAsync(cancellation);
            var metadata = (JsonObject)admitted["metadata"]!;
            var name = FieldReader.TextOf(metadata["name"]) ?? "";
            var @namespace = kind.Namespaced ? FieldReader.TextOf(metadata["namespace"]) : null;
            var fields = admitted["spec"] as JsonObject ?? [];
            var write = AccessRequest.ForResource("create", RbacKinds.Group, kind.Plural, @namespace ?? "", name);
            if (kind == RbacKinds.Role || kind == RbacKinds.ClusterRole)
            {
                var role = RbacDeclarations.ReadRole(@namespace, name, fields);
                if (RbacEscalation.MayEscalate(user, role, policy)) return null;
                var missing = RbacEscalation.NotHeld(user, role.Rules, @namespace, policy);
                return missing is { Count: 0 } ? null : AccessProblems.Forbidden(write, RbacEscalation.Message(user, missing));
            }
            var binding = RbacDeclarations.ReadBinding(@namespace, name, fields);
            if (RbacEscalation.MayBind(user, binding, policy)) return null;
            if (policy.Resolve(binding) is not { } referenced)
            {
                var plural = binding.RoleRef.Kind == "Role" ? RbacKinds.Role.Plural : RbacKinds.ClusterRole.Plural;
                return ResourceProblems.NotFound(binding.RoleRef.Kind == "Role"
                    ? $"{plural}.{RbacKinds.Group} \"{binding.RoleRef.Name}\" not found in namespace \"{@namespace}\""
                    : $"{plural}.{RbacKinds.Group} \"{binding.RoleRef.Name}\" not found");
            }
            var notHeld = RbacEscalation.NotHeld(user, referenced.Rules, @namespace, policy);
            return notHeld is { Count: 0 } ? null : AccessProblems.Forbidden(write, RbacEscalation.Message(user, notHeld));
        };
    }
}
