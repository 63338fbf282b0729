using Mesh.Grains.Identity;
using Mesh.Operator.Addressing;
using Mesh.Operator.Kinds.GitHubSource;
using Mesh.Operator.Kinds.PingSource;
using Mesh.Operator.Kinds.Subscription;
using Mesh.Operator.Kinds.Trigger;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.EventPolicy;

/// <summary>The token subjects an EventPolicy's <c>from</c> entries stand for: a <c>sub</c> as written, a mesh object by the identity it sends with.</summary>
public static class EventPolicySubjects
{
    /// <summary>The kinds that send with an identity of their own (see <see cref="OidcSubjects"/>).</summary>
    public static IReadOnlyList<ResourceKind> WithIdentity { get; } =
        [TriggerKind.Resource, SubscriptionKind.Resource, PingSourceKind.Resource, GitHubSourceKind.Resource];

    public static ResourceKind? KindOf(KReference reference) => WithIdentity.FirstOrDefault(reference.IsA);

    public static ObjectKey? KeyOf(KReference reference, string policyNamespace) =>
        KindOf(reference) is { } kind ? new ObjectKey(kind, reference.Namespace ?? policyNamespace, reference.Name) : null;

    /// <summary>The subject, or null for a reference to a kind without an identity.</summary>
    public static string? Of(EventPolicySource source, string policyNamespace)
    {
        if (source.Sub is { } sub) return sub;
        var reference = source.Ref!;
        return KindOf(reference) is { } kind
            ? OidcSubjects.For(kind.Group, kind.Kind, $"{reference.Namespace ?? policyNamespace}/{reference.Name}")
            : null;
    }
}
