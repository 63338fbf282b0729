using Mesh.Operator.Kinds.Trigger;
using Mesh.Operator.Kinds.Broker;
using k8s;
using Mesh.Operator.Resources;

namespace Mesh.Tests.Kubernetes;

/// <summary>Two operator instances share one coordination.k8s.io/v1 Lease: only the leader acts, and the other takes over when it goes.</summary>
[Collection(KubernetesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class LeaderElectionTests(KubernetesApiServer server)
{
    [KubernetesFact]
    public async Task Only_the_leader_acts_and_the_standby_takes_over_the_Lease_when_it_stops()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        var first = await KubernetesMesh.StartAsync(server, ns, "first");
        await using var second = await KubernetesMesh.StartAsync(server, ns, "second");
        try
        {
            await Eventually.TrueAsync(() => KubernetesMesh.IsLeader(first) || KubernetesMesh.IsLeader(second), "one instance to lead");
            var (leader, standby, standbyName) = KubernetesMesh.IsLeader(first) ? (first, second, "second") : (second, first, "first");
            KubernetesMesh.IsLeader(standby).ShouldBeFalse();
            var lease = await server.Admin.CoordinationV1.ReadNamespacedLeaseAsync($"mesh-{ns}", "mesh-system");
            lease.Spec.HolderIdentity.ShouldNotBe(standbyName);

            await server.Objects.CreateAsync(BrokerKind.Resource, ns, KubernetesMesh.Broker());
            await server.Objects.WaitReadyAsync(BrokerKind.Resource, ns, "default");
            (await KubernetesMesh.StoredAsync(leader, BrokerKind.Resource, ns, "default")).ShouldNotBeNull();
            (await KubernetesMesh.StoredAsync(standby, BrokerKind.Resource, ns, "default")).ShouldBeNull();

            await leader.DisposeAsync();
            await Eventually.TrueAsync(() => KubernetesMesh.IsLeader(standby), "the standby to take the Lease", timeout: TimeSpan.FromSeconds(30));
            (await server.Admin.CoordinationV1.ReadNamespacedLeaseAsync($"mesh-{ns}", "mesh-system")).Spec.HolderIdentity.ShouldBe(standbyName);
            await Eventually.TrueAsync(async () => await KubernetesMesh.StoredAsync(standby, BrokerKind.Resource, ns, "default") is not null,
                "the new leader to list and reconcile the broker");
            await server.Objects.CreateAsync(TriggerKind.Resource, ns, KubernetesMesh.Trigger("after-failover", new Uri("http://127.0.0.1:9/")));
            await server.Objects.WaitReadyAsync(TriggerKind.Resource, ns, "after-failover");
        }
        finally
        {
            await first.DisposeAsync();
        }
    }
}
