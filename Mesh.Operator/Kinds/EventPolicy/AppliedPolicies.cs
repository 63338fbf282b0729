using Mesh.Grains.Senders;
using Mesh.Operator.Conditions;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.EventPolicy;

/// <summary>
/// The EventPolicies that apply to one broker or channel: what its grain is told (who may send),
/// its <c>status.policies</c>, and its <c>EventPoliciesReady</c> condition.
/// </summary>
public sealed class AppliedPolicies(string @namespace, IReadOnlyList<Declared<EventPolicyDeclaration>> policies, string defaultMode)
{
    public const string Condition = "EventPoliciesReady";

    public IReadOnlyList<Declared<EventPolicyDeclaration>> Policies => policies;

    public SenderRules Rules(string audience) => new(audience,
    [
        .. policies.Select(p => new SenderRule(p.Name,
            [.. p.Spec.From.Select(f => EventPolicySubjects.Of(f, @namespace)).OfType<string>()],
            p.Spec.Filter)),
    ]);

    public JsonArray StatusPolicies() =>
        [.. policies.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["apiVersion"] = EventPolicyKind.Resource.ApiVersion, ["kind"] = EventPolicyKind.Resource.Kind })];

    public void Mark(StatusConditions conditions)
    {
        if (policies.Count == 0)
        {
            conditions.MarkTrue(Condition, $"DefaultAuthorizationMode{Pascal(defaultMode)}", $"Default authz mode is \"{defaultMode}\"");
            return;
        }
        var notReady = policies.Where(p => !Readiness.IsReady(p.Declaration)).Select(p => p.Name).ToList();
        if (notReady.Count == 0) conditions.MarkTrue(Condition, "EventPoliciesReady", null);
        else conditions.MarkFalse(Condition, "EventPoliciesNotReady", $"event policies {string.Join(", ", notReady)} are not ready");
    }

    private static string Pascal(string mode) => string.Concat(mode.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
}
