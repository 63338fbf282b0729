using Mesh.Operator.Conditions;
using Mesh.Operator.Delivery;
using Mesh.Operator.Sources;

namespace Mesh.Operator.Kinds.PingSource;

/// <summary>A PingSource is Ready once its sink and dead-letter sink (if any) resolve.</summary>
public sealed class PingSourceConditions(JsonObject previousStatus, TimeProvider time) : SourceConditions(Set, previousStatus, time)
{
    public static ConditionSet Set { get; } = new(SinkProvided, DeadLetterSink.Condition);
}
