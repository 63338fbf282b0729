using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds;

/// <summary>The kinds served, in registration order, looked up by REST path or by a reference's apiVersion and kind.</summary>
public sealed class KindRegistry(IEnumerable<IKindDefinition> kinds)
{
    private readonly IKindDefinition[] _kinds = [.. kinds];

    public IReadOnlyList<IKindDefinition> All => _kinds;

    public IKindDefinition? ByPath(string group, string version, string plural) =>
        _kinds.FirstOrDefault(k => k.Kind.Group == group && k.Kind.Version == version && k.Kind.Plural == plural);

    /// <summary>Finds a kind by a reference; the version is not compared, as Kubernetes converts between versions.</summary>
    public IKindDefinition? ByReference(string apiVersion, string kind)
    {
        var group = apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";
        return _kinds.FirstOrDefault(k => k.Kind.Group == group && k.Kind.Kind == kind);
    }

    public IKindDefinition For(ResourceKind kind) => _kinds.First(k => k.Kind.Equals(kind));

    /// <summary>The kinds a subscription may name as its channel.</summary>
    public IEnumerable<IKindDefinition> Channelable => _kinds.Where(k => k.IsChannelable);
}
