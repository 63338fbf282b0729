namespace Mesh.Operator.Conditions;

/// <summary>
/// Base of a kind's typed conditions: the kind declares its <see cref="ConditionSet"/> and offers
/// <c>Mark…</c> methods named for what happened; Ready follows from the set.
/// </summary>
public abstract class KindConditions(ConditionSet set, JsonObject previousStatus, TimeProvider time)
{
    protected StatusConditions Conditions { get; } = set.Manage(previousStatus, time);

    /// <summary><c>status.conditions</c>, Ready first.</summary>
    public JsonArray ToJson() => Conditions.ToJson();
}
