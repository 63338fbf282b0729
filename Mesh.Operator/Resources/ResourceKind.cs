namespace Mesh.Operator.Resources;

/// <summary>A kind the resource API serves, named the way Kubernetes discovery names it; cluster-scoped when not <see cref="Namespaced"/>.</summary>
/// <param name="Categories">Groups a client can list together (<c>all</c>, <c>channel</c>); <c>addressable</c>
/// marks the kinds whose objects have an address (<c>status.address.url</c>), so that a client shows it.</param>
public sealed record ResourceKind(
    string Group,
    string Version,
    string Kind,
    string Plural,
    string[] ShortNames,
    string[] Categories,
    bool Namespaced = true)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
    public string Singular => Kind.ToLowerInvariant();

    /// <summary>The prefix of this kind's REST paths: <c>/apis/{group}/{version}</c>, or <c>/api/v1</c> for the core group.</summary>
    public string PathPrefix => Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";

    /// <summary>Qualified name as kubectl prints it: <c>broker.eventing.knative.dev</c>.</summary>
    public string QualifiedName => Group.Length == 0 ? Singular : $"{Singular}.{Group}";

    // Kinds are identified by group and kind alone; the arrays are descriptive.
    public bool Equals(ResourceKind? other) => other is not null && Group == other.Group && Kind == other.Kind;

    public override int GetHashCode() => HashCode.Combine(Group, Kind);
}
