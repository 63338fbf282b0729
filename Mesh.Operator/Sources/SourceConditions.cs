using Mesh.Operator.Addressing;
using Mesh.Operator.Conditions;
using Mesh.Operator.Delivery;

namespace Mesh.Operator.Sources;

/// <summary>What every source's conditions have: <c>SinkProvided</c> and <c>DeadLetterSinkResolved</c>, beside its own.</summary>
public abstract class SourceConditions(ConditionSet set, JsonObject previousStatus, TimeProvider time) : KindConditions(set, previousStatus, time)
{
    public const string SinkProvided = "SinkProvided";

    public void MarkSink(Resolution sink) => Conditions.Mark(SinkProvided, sink.Resolved, sink.Resolved ? SinkProvided : sink.Reason!, sink.Message);

    public void MarkDeadLetterSink(Resolution? resolution) => DeadLetterSink.Mark(Conditions, resolution);
}
