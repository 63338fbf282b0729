namespace Mesh.Grains.Identity;

/// <summary>
/// The <c>sub</c> of tokens the mesh sends on behalf of an object, in the form of the Kubernetes
/// service account Knative gives it: <c>system:serviceaccount:{ns}:{name}-oidc-{group}-{kind}</c>.
/// </summary>
public static class OidcSubjects
{
    public static string For(string group, string kind, string grainKey)
    {
        var slash = grainKey.IndexOf('/');
        var (ns, name) = slash < 0 ? ("default", grainKey) : (grainKey[..slash], grainKey[(slash + 1)..]);
        return $"system:serviceaccount:{ns}:{name}-oidc-{group}-{kind}".ToLowerInvariant();
    }
}
