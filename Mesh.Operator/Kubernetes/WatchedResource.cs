using Mesh.Operator.Resources;

namespace Mesh.Operator.Kubernetes;

/// <summary>One kind watched through <see cref="ClusterApi"/>: in one namespace (empty: cluster-scoped), narrowed by a label selector (empty: all).</summary>
public sealed record WatchedResource(ResourceKind Kind, string Namespace, string Selector)
{
    /// <summary>The collection's path, with its selector: <c>/api/v1/namespaces/ns/configmaps?labelSelector=…</c>.</summary>
    public string Path => (Namespace.Length == 0 ? $"{Kind.PathPrefix}/{Kind.Plural}" : $"{Kind.PathPrefix}/namespaces/{Namespace}/{Kind.Plural}")
        + (Selector.Length == 0 ? "" : $"?labelSelector={Uri.EscapeDataString(Selector)}");

    public string Describe() => Selector.Length == 0 ? Kind.Plural : $"{Kind.Plural} ({Selector})";
}
