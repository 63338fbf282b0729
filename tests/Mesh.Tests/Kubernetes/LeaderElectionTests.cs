using Mesh.Operator.Kinds.Trigger;
using Mesh.Operator.Kinds.Broker;
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

            api.Create(BrokerKind.Resource, KubernetesMesh.Broker);
            await KubernetesMesh.WaitReadyAsync(api, BrokerKind.Resource, "default");
            (await leader.GetAsync("/apis/eventing.knative.dev/v1/namespaces/default/brokers/default")).ShouldNotBeNull();
            (await standby.GetAsync("/apis/eventing.knative.dev/v1/namespaces/default/brokers/default")).ShouldBeNull();

            await leader.DisposeAsync();
            await Eventually.TrueAsync(() => KubernetesMesh.IsLeader(standby), "the standby to take the Lease", timeout: TimeSpan.FromSeconds(30));
            await Eventually.TrueAsync(async () => await standby.GetAsync("/apis/eventing.knative.dev/v1/namespaces/default/brokers/default") is not null,
                "the new leader to list and reconcile the broker");
            api.Create(TriggerKind.Resource, KubernetesMesh.Trigger("after-failover", new Uri("http://127.0.0.1:9/")));
            await KubernetesMesh.WaitReadyAsync(api, TriggerKind.Resource, "after-failover");
        }
        finally
        {
            await first.DisposeAsync();
        }
    }
}
