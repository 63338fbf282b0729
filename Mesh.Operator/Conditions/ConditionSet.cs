namespace Mesh.Operator.Conditions;

/// <summary>
/// The conditions a kind declares beside <c>Ready</c>, as Knative's <c>apis.ConditionSet</c>: Ready is
/// computed from them, never set by hand. Any False makes Ready False; otherwise any Unknown (or a
/// condition not marked at all) makes it Unknown; only when all are True is Ready True. So an Unknown
/// never hides a False declared after it.
/// </summary>
public sealed class ConditionSet
{
    public const string Ready = "Ready";

    /// <summary>Only <c>Ready</c>, True (a Secret has nothing to wait for).</summary>
    public static ConditionSet ReadyOnly { get; } = new();

    public ConditionSet(params string[] dependents)
    {
        if (dependents.Contains(Ready)) throw new ArgumentException("Ready is computed from the set, not part of it", nameof(dependents));
        Dependents = dependents;
    }

    /// <summary>In the order that picks Ready's reason: the first False, else the first Unknown.</summary>
    public IReadOnlyList<string> Dependents { get; }

    /// <summary>This set and more (a feature that adds a condition to several kinds, such as sender policies, extends their sets).</summary>
    public ConditionSet With(params string[] more) => new([.. Dependents, .. more.Except(Dependents)]);

    /// <summary>Starts one reconcile's conditions; <paramref name="previousStatus"/> keeps unchanged conditions' transition times.</summary>
    public StatusConditions Manage(JsonObject previousStatus, TimeProvider time) => new(this, previousStatus, time);

    /// <summary>The conditions of an object that could not be reconciled at all: Ready False, with why.</summary>
    public static JsonArray Failed(JsonObject previousStatus, TimeProvider time, string reason, string message)
    {
        var conditions = ReadyOnly.Manage(previousStatus, time);
        conditions.Fail(reason, message);
        return conditions.ToJson();
    }
}
