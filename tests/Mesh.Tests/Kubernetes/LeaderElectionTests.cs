using Mesh.Operator.Resources;

namespace Mesh.Tests.Kubernetes;

/// <summary>Two operator instances share one Lease: only the leader acts, and the other takes over when it goes.</summary>
public sealed class LeaderElectionTests
{
    [Fact]
    public async Task Only_the_leader_acts_and_the_standby_takes_over_when_it_stops()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        var first = await KubernetesMesh.StartAsync(api, "first");
        await using var second = await KubernetesMesh.StartAsync(api, "second");
        try
        {
            await Eventually.TrueAsync(() => KubernetesMesh.IsLeader(first) || KubernetesMesh.IsLeader(second), "one instance to lead");
            var (leader, standby) = KubernetesMesh.IsLeader(first) ? (first, second) : (second, first);
            KubernetesMesh.IsLeader(standby).ShouldBeFalse();

            api.Create(KnativeKinds.Broker, KubernetesMesh.Broker);
            await KubernetesMesh.WaitReadyAsync(api, KnativeKinds.Broker, "default");
            (await KubernetesMesh.StoredBrokerAsync(leader)).ShouldNotBeNull();
            (await KubernetesMesh.StoredBrokerAsync(standby)).ShouldBeNull();

            await leader.DisposeAsync();
            await Eventually.TrueAsync(() => KubernetesMesh.IsLeader(standby), "the standby to take the Lease", timeout: TimeSpan.FromSeconds(30));
            await Eventually.TrueAsync(async () => await KubernetesMesh.StoredBrokerAsync(standby) is not null,
                "the new leader to list and reconcile the broker");
            api.Create(KnativeKinds.Trigger, KubernetesMesh.Trigger("after-failover", new Uri("http://127.0.0.1:9/")));
            await KubernetesMesh.WaitReadyAsync(api, KnativeKinds.Trigger, "after-failover");
        }
        finally
        {
            await first.DisposeAsync();
        }
    }
}
