using Mesh.Gateway.Tail;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;

namespace Mesh.Silo.Hosting.Telemetry;

/// <summary>Answers whether a tailed object exists from the declarations.</summary>
public sealed class DeclaredTailTargets(DeclarationStore store) : ITailTargets
{
    public async Task<bool> ExistsAsync(string plural, string @namespace, string name, CancellationToken cancellationToken)
    {
        ResourceKind[] kinds = plural switch
        {
            "brokers" => [KnativeKinds.Broker],
            "triggers" => [KnativeKinds.Trigger],
            "subscriptions" => [KnativeKinds.Subscription],
            "channels" => [KnativeKinds.InMemoryChannel, KnativeKinds.Channel],
            _ => [],
        };
        foreach (var kind in kinds)
            if (await store.GetAsync(new ObjectKey(kind, @namespace, name)) is not null) return true;
        return false;
    }
}
