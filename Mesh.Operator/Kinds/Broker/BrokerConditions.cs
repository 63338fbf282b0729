using Mesh.Operator.Addressing;
using Mesh.Operator.Conditions;
using Mesh.Operator.Delivery;
using Mesh.Operator.Kinds.EventPolicy;

namespace Mesh.Operator.Kinds.Broker;

/// <summary>A broker is Ready once addressable with its ingress and filter up, and its dead-letter sink (if any) resolved.</summary>
public sealed class BrokerConditions(JsonObject previousStatus, TimeProvider time) : KindConditions(Set, previousStatus, time)
{
    public static ConditionSet Set { get; } = new("Addressable", "IngressReady", "FilterReady", DeadLetterSink.Condition, AppliedPolicies.Condition);

    public void MarkAddressable() => Conditions.MarkTrue("Addressable", "Addressable");

    public void MarkIngressReady() => Conditions.MarkTrue("IngressReady", "IngressReady");

    public void MarkFilterReady() => Conditions.MarkTrue("FilterReady", "FilterReady");

    public void MarkEventPolicies(AppliedPolicies policies) => policies.Mark(Conditions);

    public void MarkDeadLetterSink(Resolution? resolution) => DeadLetterSink.Mark(Conditions, resolution);
}
