using Mesh.Operator.Conditions;
using Mesh.Operator.Delivery;
using Mesh.Operator.Resources;

namespace Mesh.Operator.Kinds.Channel;

/// <summary>A Channel is Ready once its backing channel is, addressable, with the backing channel's dead-letter sink resolved.</summary>
public sealed class ChannelConditions(JsonObject previousStatus, TimeProvider time) : KindConditions(Set, previousStatus, time)
{
    public static ConditionSet Set { get; } = new("BackingChannelReady", "Addressable", DeadLetterSink.Condition);

    public void MarkBackingChannel(bool ready, string @namespace, string name) =>
        Conditions.Mark("BackingChannelReady", ready, ready ? "BackingChannelReady" : "BackingChannelNotReady", $"InMemoryChannel {@namespace}/{name} is not Ready");

    public void MarkAddressable(bool addressable) =>
        Conditions.Mark("Addressable", addressable, addressable ? "Addressable" : "NotAddressable", "the backing channel has no address yet");

    /// <summary>The backing channel's own DeadLetterSinkResolved, as Knative's Channel propagates it; Unknown until it has one.</summary>
    public void MarkDeadLetterSinkFrom(Declaration? backing)
    {
        var condition = backing is null ? null : Readiness.Condition(backing.Status, DeadLetterSink.Condition);
        var reason = FieldReader.TextOf(condition?["reason"]) ?? "BackingChannelNotReady";
        var message = FieldReader.TextOf(condition?["message"]);
        switch (FieldReader.TextOf(condition?["status"]))
        {
            case nameof(ConditionStatus.True): Conditions.MarkTrue(DeadLetterSink.Condition, reason, message); break;
            case nameof(ConditionStatus.False): Conditions.MarkFalse(DeadLetterSink.Condition, reason, message); break;
            default: Conditions.MarkUnknown(DeadLetterSink.Condition, reason, message ?? "the backing channel has not resolved its dead-letter sink yet"); break;
        }
    }
}
