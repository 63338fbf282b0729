using Mesh.Operator.Addressing;
using Mesh.Operator.Conditions;
using Mesh.Operator.Delivery;

namespace Mesh.Operator.Kinds.Trigger;

/// <summary>A trigger is Ready once its broker is, its subscriber and dead-letter sink resolve, and it is subscribed to the broker's router.</summary>
public sealed class TriggerConditions(JsonObject previousStatus, TimeProvider time) : KindConditions(Set, previousStatus, time)
{
    public static ConditionSet Set { get; } = new("BrokerReady", "SubscriberResolved", DeadLetterSink.Condition, "DependencyReady", "SubscriptionReady");

    public void MarkBrokerReady() => Conditions.MarkTrue("BrokerReady", "BrokerReady");

    public void MarkBrokerDoesNotExist(string @namespace, string broker) =>
        Conditions.MarkFalse("BrokerReady", "BrokerDoesNotExist", $"Broker {@namespace}/{broker} does not exist");

    public void MarkBrokerNotReady(string @namespace, string broker) =>
        Conditions.MarkFalse("BrokerReady", "BrokerNotReady", $"Broker {@namespace}/{broker} is not Ready");

    public void MarkSubscriber(Resolution subscriber) =>
        Conditions.Mark("SubscriberResolved", subscriber.Resolved, subscriber.Reason ?? "SubscriberResolved", subscriber.Message);

    public void MarkDeadLetterSink(Resolution? resolution) => DeadLetterSink.Mark(Conditions, resolution);

    public void MarkDependencyReady() => Conditions.MarkTrue("DependencyReady", "DependencyReady");

    public void MarkSubscribed(bool subscribed) =>
        Conditions.Mark("SubscriptionReady", subscribed, subscribed ? "Subscribed" : "NotSubscribed",
            "the trigger takes no events until its broker and destinations are ready");
}
