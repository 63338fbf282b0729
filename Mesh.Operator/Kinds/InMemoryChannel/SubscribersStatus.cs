using Mesh.Operator.Conditions;
using Mesh.Operator.Kinds.Subscription;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;

namespace Mesh.Operator.Kinds.InMemoryChannel;

/// <summary>A channel's <c>status.subscribers</c> (Knative's SubscribableStatus): each subscription on a channel of its name, with its readiness.</summary>
public static class SubscribersStatus
{
    public static async Task<JsonArray> OfAsync(DeclarationStore store, string @namespace, string channel)
    {
        var subscribers = new JsonArray();
        foreach (var subscription in await store.ListAsync(SubscriptionKind.Resource, @namespace))
        {
            if (Declared<SubscriptionDeclaration>.Read(subscription)?.Spec.Channel.Name != channel) continue;
            var ready = Readiness.ReadyCondition(subscription);
            subscribers.Add(new JsonObject
            {
                ["uid"] = subscription.Metadata["uid"]?.DeepClone(),
                ["name"] = subscription.Name,
                ["observedGeneration"] = subscription.Generation,
                ["ready"] = ready?["status"]?.DeepClone() ?? "Unknown",
                ["message"] = ready?["message"]?.DeepClone(),
            });
        }
        return subscribers;
    }
}
