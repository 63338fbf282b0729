using Mesh.Grains.Senders;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Kinds.EventPolicy;

/// <summary>Which EventPolicies apply to a broker or channel: those of its namespace whose <c>to</c> selects it (an empty <c>to</c> selects all).</summary>
public sealed class EventPolicies(DeclarationStore store, IOptions<SenderAuthOptions> options)
{
    /// <param name="target">The broker or InMemoryChannel.</param>
    /// <param name="owner">For an InMemoryChannel, the Channel it backs (policies for the Channel apply to it), if any.</param>
    public async Task<AppliedPolicies> ForAsync(Declaration target, Declaration? owner = null)
    {
        var applied = new List<Declared<EventPolicyDeclaration>>();
        foreach (var declaration in await store.ListAsync(EventPolicyKind.Resource, target.Namespace))
            if (Declared<EventPolicyDeclaration>.Read(declaration) is { } policy && (Selects(policy, target) || owner is not null && Selects(policy, owner)))
                applied.Add(policy);
        return new AppliedPolicies(target.Namespace, [.. applied.OrderBy(p => p.Name, StringComparer.Ordinal)], options.Value.DefaultAuthorization);
    }

    public static bool Selects(Declared<EventPolicyDeclaration> policy, Declaration target) =>
        policy.Namespace == target.Namespace && (policy.Spec.To.Count == 0 || policy.Spec.To.Any(t => t.Selects(target)));
}
