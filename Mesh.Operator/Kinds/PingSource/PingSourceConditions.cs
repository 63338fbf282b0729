using Mesh.Operator.Addressing;
using Mesh.Operator.Conditions;
using Mesh.Operator.Delivery;

namespace Mesh.Operator.Kinds.PingSource;

/// <summary>A PingSource is Ready once its sink and dead-letter sink (if any) resolve.</summary>
public sealed class PingSourceConditions(JsonObject previousStatus, TimeProvider time) : KindConditions(Set, previousStatus, time)
{
    public static ConditionSet Set { get; } = new("SinkProvided", DeadLetterSink.Condition);

    public void MarkSink(Resolution sink) => Conditions.Mark("SinkProvided", sink.Resolved, sink.Resolved ? "SinkProvided" : sink.Reason!, sink.Message);

    public void MarkDeadLetterSink(Resolution? resolution) => DeadLetterSink.Mark(Conditions, resolution);
}
