using Mesh.Gateway.Tail;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;
using Mesh.Operator.Kinds.Broker;
using Mesh.Operator.Kinds.Channel;
using Mesh.Operator.Kinds.InMemoryChannel;
using Mesh.Operator.Kinds.Subscription;
using Mesh.Operator.Kinds.Trigger;

namespace Mesh.Silo.Hosting.Telemetry;

/// <summary>Answers whether a tailed object exists from the declarations.</summary>
public sealed class DeclaredTailTargets(DeclarationStore store) : ITailTargets
{
    public async Task<bool> ExistsAsync(string plural, string @namespace, string name, CancellationToken cancellationToken)
    {
        ResourceKind[] kinds = plural switch
        {
            "brokers" => [BrokerKind.Resource],
            "triggers" => [TriggerKind.Resource],
            "subscriptions" => [SubscriptionKind.Resource],
            "channels" => [InMemoryChannelKind.Resource, ChannelKind.Resource],
            _ => [],
        };
        foreach (var kind in kinds)
            if (await store.GetAsync(new ObjectKey(kind, @namespace, name)) is not null) return true;
        return false;
    }
}
