using Mesh.Operator.Conditions;

namespace Mesh.Operator.Kinds.Sequence;

/// <summary>A sequence is Ready once every step's channel and subscription are, and its first channel gives it an address.</summary>
public sealed class SequenceConditions(JsonObject previousStatus, TimeProvider time) : KindConditions(Set, previousStatus, time)
{
    public static ConditionSet Set { get; } = new("ChannelsReady", "SubscriptionsReady", "Addressable");

    public void MarkChannels(bool ready) =>
        Conditions.Mark("ChannelsReady", ready, ready ? "ChannelsReady" : "ChannelsNotReady", "not every step's channel is Ready");

    public void MarkSubscriptions(bool ready) =>
        Conditions.Mark("SubscriptionsReady", ready, ready ? "SubscriptionsReady" : "SubscriptionsNotReady",
            "not every step's subscription is Ready (see subscriptionStatuses)");

    public void MarkAddressable(bool addressable) =>
        Conditions.Mark("Addressable", addressable, addressable ? "Addressable" : "NotAddressable");
}
