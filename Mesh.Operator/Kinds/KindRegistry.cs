using Mesh.Operator.Resources;

namespace Mesh.Operator.Reconcilers;

/// <summary>The kinds served, looked up by REST path or by a reference's apiVersion and kind.</summary>
public sealed class KindRegistry(IEnumerable<IKindReconciler> reconcilers)
{
    private readonly IKindReconciler[] _reconcilers = [.. reconcilers];

    public IReadOnlyList<IKindReconciler> All => _reconcilers;

    public IKindReconciler? ByPath(string group, string version, string plural) =>
        _reconcilers.FirstOrDefault(r => r.Kind.Group == group && r.Kind.Version == version && r.Kind.Plural == plural);

    /// <summary>Finds a kind by a reference; the version is not compared, as Kubernetes converts between versions.</summary>
    public IKindReconciler? ByReference(string apiVersion, string kind)
    {
        var group = apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";
        return _reconcilers.FirstOrDefault(r => r.Kind.Group == group && r.Kind.Kind == kind);
    }

    public IKindReconciler For(ResourceKind kind) => _reconcilers.First(r => r.Kind.Equals(kind));
}
