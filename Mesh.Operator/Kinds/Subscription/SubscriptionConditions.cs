using Mesh.Operator.Addressing;
using Mesh.Operator.Conditions;

namespace Mesh.Operator.Kinds.Subscription;

/// <summary>A subscription is Ready once its channel is, its destinations resolve, and the channel hands it events.</summary>
public sealed class SubscriptionConditions(JsonObject previousStatus, TimeProvider time) : KindConditions(Set, previousStatus, time)
{
    public static ConditionSet Set { get; } = new("ChannelReady", "ReferencesResolved", "AddedToChannel");

    public void MarkChannelReady() => Conditions.MarkTrue("ChannelReady", "ChannelReady");

    public void MarkChannelDoesNotExist(string kind, string @namespace, string name) =>
        Conditions.MarkFalse("ChannelReady", "ChannelDoesNotExist", $"{kind} {@namespace}/{name} does not exist");

    public void MarkChannelNotReady(string kind, string @namespace, string name) =>
        Conditions.MarkFalse("ChannelReady", "ChannelNotReady", $"{kind} {@namespace}/{name} is not Ready");

    /// <summary>For subscriptions stored before a channel in another namespace was refused at apply.</summary>
    public void MarkChannelInOtherNamespace(string channelNamespace) =>
        Conditions.MarkFalse("ChannelReady", "ChannelInOtherNamespace", $"the channel is in namespace {channelNamespace}; a subscription's channel must be in its own");

    public void MarkReferences(Resolution? firstUnresolved) =>
        Conditions.Mark("ReferencesResolved", firstUnresolved is null, firstUnresolved?.Reason ?? "ReferencesResolved", firstUnresolved?.Message);

    public void MarkAddedToChannel(bool added) =>
        Conditions.Mark("AddedToChannel", added, added ? "SubscriptionAdded" : "NotAddedToChannel",
            "the subscription takes no events until its channel and references are ready");
}
