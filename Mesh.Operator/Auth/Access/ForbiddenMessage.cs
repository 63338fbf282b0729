using Mesh.Operator.Auth.Rbac;

namespace Mesh.Operator.Auth.Access;

/// <summary>The words kube-apiserver uses to refuse a request, so that people and scripts read the same sentence.</summary>
public static class ForbiddenMessage
{
    /// <summary><c>User "alice" cannot get resource "brokers" in API group "eventing.knative.dev" in the namespace "default"</c>.</summary>
    public static string Reason(MeshUser user, AccessRequest request)
    {
        if (!request.IsResourceRequest) return $"User \"{user.Name}\" cannot {request.Verb} path \"{request.Path}\"";
        var scope = request.Namespace.Length > 0 ? $"in the namespace \"{request.Namespace}\"" : "at the cluster scope";
        return $"User \"{user.Name}\" cannot {request.Verb} resource \"{request.CombinedResource}\" in API group \"{request.ApiGroup}\" {scope}";
    }

    /// <summary>The whole message: <c>brokers.eventing.knative.dev "default" is forbidden: User …</c>.</summary>
    public static string For(MeshUser user, AccessRequest request) => Prefixed(request, Reason(user, request));

    /// <summary><c>{resource}.{group} "{name}" is forbidden: {reason}</c>, or <c>forbidden: {reason}</c> for a path.</summary>
    public static string Prefixed(AccessRequest request, string reason)
    {
        if (!request.IsResourceRequest) return $"forbidden: {reason}";
        var qualified = request.ApiGroup.Length == 0 ? request.Resource : $"{request.Resource}.{request.ApiGroup}";
        var named = request.Name.Length == 0 ? qualified : $"{qualified} \"{request.Name}\"";
        return $"{named} is forbidden: {reason}";
    }
}
