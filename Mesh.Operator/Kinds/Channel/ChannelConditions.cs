using Mesh.Operator.Conditions;
using Mesh.Operator.Delivery;
using Mesh.Operator.Kinds.EventPolicy;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.Channel;

/// <summary>A Channel is Ready once its backing channel is, addressable, with the backing channel's dead-letter sink resolved.</summary>
public sealed class ChannelConditions(JsonObject previousStatus, TimeProvider time) : KindConditions(Set, previousStatus, time)
{
    public static ConditionSet Set { get; } = new("BackingChannelReady", "Addressable", DeadLetterSink.Condition, AppliedPolicies.Condition);

    public void MarkBackingChannel(bool ready, string @namespace, string name) =>
        Conditions.Mark("BackingChannelReady", ready, ready ? "BackingChannelReady" : "BackingChannelNotReady", $"InMemoryChannel {@namespace}/{name} is not Ready");

    public void MarkAddressable(bool addressable) =>
        Conditions.Mark("Addressable", addressable, addressable ? "Addressable" : "NotAddressable", "the backing channel has no address yet");

    /// <summary>The backing channel's own DeadLetterSinkResolved, as Knative's Channel propagates it; Unknown until it has one.</summary>
    public void MarkDeadLetterSinkFrom(Declaration? backing) =>
        CopyFrom(backing, DeadLetterSink.Condition, "the backing channel has not resolved its dead-letter sink yet");

    /// <summary>The backing channel's EventPoliciesReady: the policies that apply to a Channel are enforced at its backing channel.</summary>
    public void MarkEventPoliciesFrom(Declaration? backing) =>
        CopyFrom(backing, AppliedPolicies.Condition, "the backing channel has not resolved its event policies yet");

    private void CopyFrom(Declaration? backing, string type, string pending)
    {
        var condition = backing is null ? null : Readiness.Condition(backing.Status, type);
        var reason = FieldReader.TextOf(condition?["reason"]) ?? "BackingChannelNotReady";
        var message = FieldReader.TextOf(condition?["message"]);
        switch (FieldReader.TextOf(condition?["status"]))
        {
            case nameof(ConditionStatus.True): Conditions.MarkTrue(type, reason, message); break;
            case nameof(ConditionStatus.False): Conditions.MarkFalse(type, reason, message); break;
            default: Conditions.MarkUnknown(type, reason, message ?? pending); break;
        }
    }
}
