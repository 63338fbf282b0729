namespace Mesh.Operator.Auth.Rbac;

/// <summary>An authenticated (or anonymous) caller, as Kubernetes' <c>user.Info</c>: name, uid and groups.</summary>
public sealed record MeshUser(string Name, string? Uid, IReadOnlyList<string> Groups)
{
    public const string Anonymous = "system:anonymous";
    public const string Unauthenticated = "system:unauthenticated";
    public const string Authenticated = "system:authenticated";

    /// <summary>Members may do everything, before any RBAC object exists (Kubernetes' bootstrap group).</summary>
    public const string Masters = "system:masters";

    public static MeshUser AnonymousUser { get; } = new(Anonymous, null, [Unauthenticated]);

    /// <summary>An authenticated user with <c>system:authenticated</c> added to the groups, as Kubernetes adds it.</summary>
    public static MeshUser Create(string name, string? uid, IEnumerable<string> groups) =>
        new(name, uid, [.. groups.Where(g => g.Length > 0).Append(Authenticated).Distinct(StringComparer.Ordinal)]);

    public bool InGroup(string group) => Groups.Contains(group, StringComparer.Ordinal);
}
