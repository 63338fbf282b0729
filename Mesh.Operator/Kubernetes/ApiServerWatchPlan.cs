using Mesh.Operator.Kinds.ApiServerSource;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kubernetes;

/// <summary>What one ApiServerSource watches and how it turns changes into events.</summary>
public sealed record ApiServerWatchPlan(ObjectKey Source, IReadOnlyList<WatchedResource> Resources, string Mode, ApiServerOwner? Owner)
{
    /// <summary>Whether <paramref name="other"/> watches the same and sends the same (lists compared by value).</summary>
    public bool SameAs(ApiServerWatchPlan other) =>
        Source == other.Source && Mode == other.Mode && Owner == other.Owner && Resources.SequenceEqual(other.Resources);
}
