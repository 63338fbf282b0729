namespace Mesh.Operator.Auth.Rbac;

/// <summary>
/// What a request asks to do, as Kubernetes' authorizer attributes: a verb on a resource (group,
/// resource, subresource, namespace, name), or a verb on a non-resource path.
/// </summary>
public sealed record AccessRequest(
    string Verb,
    bool IsResourceRequest,
    string ApiGroup = "",
    string Resource = "",
    string Subresource = "",
    string Namespace = "",
    string Name = "",
    string Path = "")
{
    public static AccessRequest ForResource(string verb, string apiGroup, string resource, string @namespace = "", string name = "", string subresource = "") =>
        new(verb, true, apiGroup, resource, subresource, @namespace, name);

    public static AccessRequest ForPath(string verb, string path) => new(verb, false, Path: path);

    /// <summary><c>brokers</c>, or <c>brokers/status</c> for a subresource.</summary>
    public string CombinedResource => Subresource.Length == 0 ? Resource : $"{Resource}/{Subresource}";
}
