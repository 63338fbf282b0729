using Mesh.Operator.Conditions;

namespace Mesh.Operator.Kinds.EventPolicy;

/// <summary>An EventPolicy is Ready once every <c>from</c> entry resolves to a subject (sender authentication is always on in the mesh).</summary>
public sealed class EventPolicyConditions(JsonObject previousStatus, TimeProvider time) : KindConditions(Set, previousStatus, time)
{
    public static ConditionSet Set { get; } = new("SubjectsResolved", "AuthenticationEnabled");

    public void MarkAuthenticationEnabled() => Conditions.MarkTrue("AuthenticationEnabled", "AuthenticationEnabled");

    public void MarkSubjectsResolved() => Conditions.MarkTrue("SubjectsResolved", "SubjectsResolved");

    public void MarkSubjectsNotResolved(IReadOnlyList<string> problems) =>
        Conditions.MarkFalse("SubjectsResolved", "SubjectsNotResolved", string.Join("; ", problems));
}
