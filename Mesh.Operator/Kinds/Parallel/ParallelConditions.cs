using Mesh.Operator.Conditions;

namespace Mesh.Operator.Kinds.Parallel;

/// <summary>A parallel is Ready once every channel and subscription is, and its ingress channel gives it an address.</summary>
public sealed class ParallelConditions(JsonObject previousStatus, TimeProvider time) : KindConditions(Set, previousStatus, time)
{
    public static ConditionSet Set { get; } = new("ChannelsReady", "SubscriptionsReady", "Addressable");

    public void MarkChannels(bool ready) =>
        Conditions.Mark("ChannelsReady", ready, ready ? "ChannelsReady" : "ChannelsNotReady", "not every channel is Ready");

    public void MarkSubscriptions(bool ready) =>
        Conditions.Mark("SubscriptionsReady", ready, ready ? "SubscriptionsReady" : "SubscriptionsNotReady",
            "not every subscription is Ready (see branchStatuses)");

    public void MarkAddressable(bool addressable) =>
        Conditions.Mark("Addressable", addressable, addressable ? "Addressable" : "NotAddressable");
}
