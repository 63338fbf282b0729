using Mesh.Operator.Conditions;
using Mesh.Operator.Sources;

namespace Mesh.Operator.Kinds.SinkBinding;

/// <summary>A SinkBinding is Ready once its sink resolves and its subjects' pod templates carry it (<c>BindingAvailable</c>, Knative's name).</summary>
public sealed class SinkBindingConditions(JsonObject previousStatus, TimeProvider time) : SourceConditions(Set, previousStatus, time)
{
    private const string Available = "BindingAvailable";

    public static ConditionSet Set { get; } = new(SinkProvided, Available);

    public void MarkBound(string message) => Conditions.MarkTrue(Available, Available, message);

    public void MarkUnbound(string reason, string message) => Conditions.MarkFalse(Available, reason, message);
}
