using Mesh.Operator.Resources;

namespace Mesh.Operator.Kubernetes;

/// <summary>One kind an ApiServerSource watches: in one namespace, narrowed by a label selector (empty: all).</summary>
public sealed record WatchedResource(ResourceKind Kind, string Namespace, string Selector)
{
    /// <summary>The collection's path, with its selector: <c>/api/v1/namespaces/ns/configmaps?labelSelector=…</c>.</summary>
    public string Path => $"{Kind.PathPrefix}/namespaces/{Namespace}/{Kind.Plural}"
        + (Selector.Length == 0 ? "" : $"?labelSelector={Uri.EscapeDataString(Selector)}");

    public string Describe() => Selector.Length == 0 ? Kind.Plural : $"{Kind.Plural} ({Selector})";
}
