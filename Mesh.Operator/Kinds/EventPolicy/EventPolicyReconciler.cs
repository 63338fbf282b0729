using System.Collections.Concurrent;
using Mesh.Operator.Kinds.Broker;
using Mesh.Operator.Kinds.Channel;
using Mesh.Operator.Kinds.InMemoryChannel;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;

namespace Mesh.Operator.Kinds.EventPolicy;

/// <summary>
/// EventPolicies: resolves <c>from</c> into subjects (<c>status.from</c>) and has the brokers and
/// channels it selects, and those it selected before, reconciled again so their grains and status follow.
/// </summary>
public sealed class EventPolicyReconciler(DeclarationStore store, TimeProvider time) : IKindReconciler<EventPolicyDeclaration>
{
    private static readonly ResourceKind[] TargetKinds = [BrokerKind.Resource, InMemoryChannelKind.Resource, ChannelKind.Resource];

    // Which targets each policy selected at its last reconcile: a policy that stops selecting one must still reach it.
    private readonly ConcurrentDictionary<ObjectKey, ObjectKey[]> _selected = new();
    private readonly ConcurrentDictionary<ObjectKey, ObjectKey[]> _affected = new();

    public async Task<JsonObject> ReconcileAsync(Declared<EventPolicyDeclaration> policy, CancellationToken cancellation)
    {
        var conditions = new EventPolicyConditions(policy.Status, time);
        conditions.MarkAuthenticationEnabled();
        var subjects = new JsonArray();
        var problems = new List<string>();
        foreach (var source in policy.Spec.From)
        {
            if (source.Sub is { } sub)
            {
                subjects.Add(sub);
                continue;
            }
            var reference = source.Ref!;
            if (EventPolicySubjects.KeyOf(reference, policy.Namespace) is not { } key)
                problems.Add($"{reference.Kind} {reference.Name} ({reference.ApiVersion}) has no identity to send with");
            else if (await store.GetAsync(key) is null)
                problems.Add($"{reference.Kind} {key.Namespace}/{reference.Name} does not exist");
            else
                subjects.Add(EventPolicySubjects.Of(source, policy.Namespace));
        }
        if (problems.Count == 0) conditions.MarkSubjectsResolved();
        else conditions.MarkSubjectsNotResolved(problems);

        var selected = new List<ObjectKey>();
        foreach (var kind in TargetKinds)
            foreach (var target in await store.ListAsync(kind, policy.Namespace))
                if (EventPolicies.Selects(policy, target))
                    selected.Add(kind == ChannelKind.Resource ? new ObjectKey(InMemoryChannelKind.Resource, target.Namespace, target.Name) : target.Key);
        Remember(policy.Key, [.. selected]);

        var status = new JsonObject { ["observedGeneration"] = policy.Generation, ["conditions"] = conditions.ToJson() };
        if (subjects.Count > 0) status["from"] = subjects;
        return status;
    }

    public Task RemoveAsync(Declaration declaration, EventPolicyDeclaration? spec, CancellationToken cancellation)
    {
        Remember(declaration.Key, []);
        return Task.CompletedTask;
    }

    public IEnumerable<ObjectKey> DependsOn(Declared<EventPolicyDeclaration> policy) =>
        policy.Spec.From.Select(f => f.Ref is { } r ? EventPolicySubjects.KeyOf(r, policy.Namespace) : null).OfType<ObjectKey>();

    // Channels follow their backing InMemoryChannel's status, so reaching the InMemoryChannel reaches them.
    public IEnumerable<ObjectKey> Affects(Declared<EventPolicyDeclaration> policy) =>
        _affected.TryGetValue(policy.Key, out var keys) ? keys : [];

    private void Remember(ObjectKey policy, ObjectKey[] selected)
    {
        var before = _selected.TryGetValue(policy, out var previous) ? previous : [];
        if (selected.Length == 0) _selected.TryRemove(policy, out _);
        else _selected[policy] = selected;
        _affected[policy] = [.. before.Union(selected)];
    }
}
