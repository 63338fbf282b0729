using Mesh.Operator.Conditions;

namespace Mesh.Operator.Flows;

/// <summary>
/// A flow (Sequence, Parallel) is Ready once every channel and subscription it is built from is,
/// and its first channel gives it an address.
/// </summary>
/// <param name="parts">How the messages name the flow's parts: "step's" for a sequence, empty for a parallel.</param>
/// <param name="statuses">The status field that details the subscriptions.</param>
public sealed class FlowConditions(JsonObject previousStatus, TimeProvider time, string parts, string statuses) : KindConditions(Set, previousStatus, time)
{
    public static ConditionSet Set { get; } = new("ChannelsReady", "SubscriptionsReady", "Addressable");

    public void MarkChannels(bool ready) =>
        Conditions.Mark("ChannelsReady", ready, ready ? "ChannelsReady" : "ChannelsNotReady", $"not every {parts}channel is Ready");

    public void MarkSubscriptions(bool ready) =>
        Conditions.Mark("SubscriptionsReady", ready, ready ? "SubscriptionsReady" : "SubscriptionsNotReady",
            $"not every {parts}subscription is Ready (see {statuses})");

    public void MarkAddressable(bool addressable) =>
        Conditions.Mark("Addressable", addressable, addressable ? "Addressable" : "NotAddressable");
}
