using Mesh.Operator.Auth.Rbac;

namespace Mesh.Operator.Auth.Access;

/// <summary>
/// Reads what a request to the resource API asks, as kube-apiserver's request-info resolver does:
/// <c>/apis/{group}/{version}[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]</c> (or <c>/api/{version}/…</c>)
/// is a resource request whose verb follows from the method (a GET without a name is <c>list</c>, or
/// <c>watch</c> with <c>?watch=true</c>; a DELETE without one <c>deletecollection</c>); anything else,
/// discovery included, is a non-resource request on its path.
/// </summary>
public static class RequestInfoResolver
{
    public static AccessRequest Resolve(string method, string path, bool watch = false)
    {
        var verb = method.ToUpperInvariant() switch
        {
            "POST" => "create",
            "GET" or "HEAD" => "get",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => "delete",
            _ => "",
        };
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var minimum = parts.Length > 0 && parts[0] == "apis" ? 4 : 3;
        if (parts.Length < minimum || parts[0] is not ("api" or "apis") || verb.Length == 0)
            return AccessRequest.ForPath(verb.Length == 0 ? method.ToLowerInvariant() : verb, path);

        var group = parts[0] == "apis" ? parts[1] : "";
        var rest = parts[(minimum - 1)..];
        var @namespace = "";
        if (rest[0] == "namespaces" && rest.Length > 1)
        {
            @namespace = rest[1];
            if (rest.Length > 2) rest = rest[2..];
        }
        var resource = rest[0];
        var name = rest.Length > 1 ? rest[1] : "";
        var subresource = rest.Length > 2 ? rest[2] : "";
        if (name.Length == 0 && verb == "get") verb = watch ? "watch" : "list";
        if (name.Length == 0 && verb == "delete") verb = "deletecollection";
        return AccessRequest.ForResource(verb, group, resource, @namespace, name, subresource);
    }

    public static AccessRequest Resolve(HttpRequest request) =>
        Resolve(request.Method, request.Path.Value ?? "/",
            string.Equals(request.Query["watch"].ToString(), "true", StringComparison.OrdinalIgnoreCase) || request.Query["watch"].ToString() == "1");
}
