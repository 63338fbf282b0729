using Mesh.Operator.Reconcilers;

namespace Mesh.Operator.Api;

/// <summary>
/// The group, version, plural and namespace a resource API path names, read from the route alone
/// (never from the query string), so that the handler acts on exactly what was authorized.
/// </summary>
internal sealed record ResourcePath(string Group, string Version, string Plural, string? Namespace)
{
    public static ResourcePath Of(HttpRequest request)
    {
        var values = request.RouteValues;
        return new ResourcePath(values["group"] as string ?? "", values["version"] as string ?? "", values["plural"] as string ?? "",
            values["namespace"] as string);
    }

    /// <summary>The kind at this path, if it is served with this scope: namespaced under <c>namespaces/{ns}</c>, cluster-scoped outside.</summary>
    public IKindReconciler? Served(KindRegistry kinds) =>
        kinds.ByPath(Group, Version, Plural) is { } reconciler && reconciler.Kind.Namespaced == (Namespace is not null) ? reconciler : null;

    public IResult Unknown() =>
        ResourceProblems.NotFound($"the server has no resource {Plural} in {(Group.Length == 0 ? Version : $"{Group}/{Version}")}"
            + (Namespace is null ? " at the cluster scope" : ""));

    public IResult NotFound(IKindReconciler reconciler, string name) =>
        ResourceProblems.NotFound(Namespace is null
            ? $"{reconciler.Kind.QualifiedName} \"{name}\" not found"
            : $"{reconciler.Kind.QualifiedName} \"{name}\" not found in namespace \"{Namespace}\"");
}
