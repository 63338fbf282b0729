using Mesh.Operator.Resources;

namespace Mesh.Operator.Conditions;

/// <summary>
/// One reconcile's Knative-style status conditions for a kind's <see cref="ConditionSet"/>. Each
/// condition keeps its <c>lastTransitionTime</c> when its status did not change, so that re-applying
/// the same object changes nothing.
/// </summary>
public sealed class StatusConditions
{
    private readonly ConditionSet _set;
    private readonly JsonObject _previousStatus;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, (ConditionStatus Status, string? Reason, string? Message)> _marked = [];
    private (string Reason, string Message)? _failure;

    internal StatusConditions(ConditionSet set, JsonObject previousStatus, TimeProvider time)
    {
        _set = set;
        _previousStatus = previousStatus;
        _time = time;
    }

    public void MarkTrue(string type, string? reason = null, string? message = null) => Mark(type, ConditionStatus.True, reason, message);

    public void MarkFalse(string type, string reason, string? message = null) => Mark(type, ConditionStatus.False, reason, message);

    public void MarkUnknown(string type, string reason, string? message = null) => Mark(type, ConditionStatus.Unknown, reason, message);

    /// <summary>True or False by <paramref name="ok"/>, with the reason and message of whichever it is.</summary>
    public void Mark(string type, bool ok, string reason, string? message = null) =>
        Mark(type, ok ? ConditionStatus.True : ConditionStatus.False, reason, ok ? null : message);

    /// <summary>Ready False whatever the other conditions say: the object could not be reconciled.</summary>
    public void Fail(string reason, string message) => _failure = (reason, message);

    /// <summary>Ready as the set computes it: the first False, else the first Unknown, else True.</summary>
    public (ConditionStatus Status, string? Reason, string? Message) Ready
    {
        get
        {
            if (_failure is { } failure) return (ConditionStatus.False, failure.Reason, failure.Message);
            var states = _set.Dependents.Select(type => _marked.TryGetValue(type, out var s) ? s : (ConditionStatus.Unknown, null, null)).ToList();
            foreach (var state in states) if (state.Status == ConditionStatus.False) return state;
            foreach (var state in states) if (state.Status == ConditionStatus.Unknown) return state;
            return (ConditionStatus.True, null, null);
        }
    }

    /// <summary><c>status.conditions</c>: Ready first, then the set's conditions by name.</summary>
    public JsonArray ToJson()
    {
        var ready = Ready;
        var conditions = new JsonArray { Condition(ConditionSet.Ready, ready.Status, ready.Reason, ready.Message) };
        foreach (var type in _set.Dependents.Order(StringComparer.Ordinal))
        {
            var (status, reason, message) = _marked.TryGetValue(type, out var marked) ? marked : (ConditionStatus.Unknown, null, null);
            conditions.Add(Condition(type, status, reason, message));
        }
        return conditions;
    }

    private void Mark(string type, ConditionStatus status, string? reason, string? message)
    {
        if (!_set.Dependents.Contains(type)) throw new ArgumentException($"{type} is not in this kind's condition set", nameof(type));
        _marked[type] = (status, reason, message);
    }

    private JsonObject Condition(string type, ConditionStatus status, string? reason, string? message)
    {
        var text = status.ToString();
        var previous = (_previousStatus["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => FieldReader.TextOf(c["type"]) == type);
        var since = previous is not null && FieldReader.TextOf(previous["status"]) == text ? FieldReader.TextOf(previous["lastTransitionTime"]) : null;
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = text,
            ["lastTransitionTime"] = since ?? _time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ"),
        };
        if (reason is not null) condition["reason"] = reason;
        if (message is not null) condition["message"] = message;
        return condition;
    }
}
