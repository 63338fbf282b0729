using Mesh.Operator.Kinds;

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
    public IKindDefinition? Served(KindRegistry kinds) =>
        kinds.ByPath(Group, Version, Plural) is { } kind && kind.Kind.Namespaced == (Namespace is not null) ? kind : null;

    public IResult Unknown() =>
        ResourceProblems.NotFound($"the server has no resource {Plural} in {(Group.Length == 0 ? Version : $"{Group}/{Version}")}"
            + (Namespace is null ? " at the cluster scope" : ""));

    public IResult NotFound(IKindDefinition kind, string name) =>
        ResourceProblems.NotFound(Namespace is null
            ? $"{kind.Kind.QualifiedName} \"{name}\" not found"
            : $"{kind.Kind.QualifiedName} \"{name}\" not found in namespace \"{Namespace}\"");
}
