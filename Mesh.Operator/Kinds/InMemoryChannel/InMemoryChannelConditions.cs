using Mesh.Operator.Addressing;
using Mesh.Operator.Conditions;
using Mesh.Operator.Delivery;
using Mesh.Operator.Kinds.EventPolicy;

namespace Mesh.Operator.Kinds.InMemoryChannel;

/// <summary>An InMemoryChannel is Ready once addressable with its dispatcher up and its dead-letter sink (if any) resolved.</summary>
public sealed class InMemoryChannelConditions(JsonObject previousStatus, TimeProvider time) : KindConditions(Set, previousStatus, time)
{
    public static ConditionSet Set { get; } = new("Addressable", "DispatcherReady", DeadLetterSink.Condition, AppliedPolicies.Condition);

    public void MarkAddressable() => Conditions.MarkTrue("Addressable", "Addressable");

    public void MarkDispatcherReady() => Conditions.MarkTrue("DispatcherReady", "DispatcherReady");

    public void MarkEventPolicies(AppliedPolicies policies) => policies.Mark(Conditions);

    public void MarkDeadLetterSink(Resolution? resolution) => DeadLetterSink.Mark(Conditions, resolution);
}
