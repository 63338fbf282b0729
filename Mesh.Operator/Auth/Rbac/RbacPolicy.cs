using Mesh.Operator.Store;

namespace Mesh.Operator.Auth.Rbac;

/// <summary>
/// The RBAC objects in force, read from the declaration store and cached. A change applied through
/// this process takes effect at once; one applied through another silo of the cluster within
/// <see cref="RefreshInterval"/>, when the cache is read again.
/// </summary>
public sealed class RbacPolicy(DeclarationStore store, TimeProvider time)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Loaded? _current;

    public async Task<RbacPolicySnapshot> CurrentAsync(CancellationToken cancellation = default)
    {
        if (Fresh(_current) is { } cached) return cached;
        await _loading.WaitAsync(cancellation);
        try
        {
            if (Fresh(_current) is { } loaded) return loaded;
            var started = time.GetUtcNow();
            var snapshot = await LoadAsync();
            _current = new Loaded(snapshot, started);
            return snapshot;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Forgets the cached objects, so that the next request reads the store (an RBAC object changed).</summary>
    public void Invalidate() => _current = null;

    private RbacPolicySnapshot? Fresh(Loaded? loaded) =>
        loaded is not null && time.GetUtcNow() - loaded.At < RefreshInterval ? loaded.Snapshot : null;

    private async Task<RbacPolicySnapshot> LoadAsync()
    {
        var roles = new List<RbacRole>(BootstrapPolicy.Roles);
        foreach (var kind in new[] { RbacKinds.Role, RbacKinds.ClusterRole })
            foreach (var declaration in await store.ListAsync(kind))
                roles.Add(RbacDeclarations.ReadRole(NamespaceOf(declaration), declaration.Name, declaration.Spec));
        var bindings = new List<RbacBinding>();
        foreach (var kind in new[] { RbacKinds.RoleBinding, RbacKinds.ClusterRoleBinding })
            foreach (var declaration in await store.ListAsync(kind))
                bindings.Add(RbacDeclarations.ReadBinding(NamespaceOf(declaration), declaration.Name, declaration.Spec));
        var named = bindings.Where(b => b.Namespace is null).Select(b => b.Name).ToHashSet(StringComparer.Ordinal);
        bindings.AddRange(BootstrapPolicy.Bindings.Where(b => !named.Contains(b.Name)));
        return new RbacPolicySnapshot(roles, bindings);
    }

    private static string? NamespaceOf(Resources.Declaration declaration) => declaration.Kind.Namespaced ? declaration.Namespace : null;

    private sealed record Loaded(RbacPolicySnapshot Snapshot, DateTimeOffset At);
}
