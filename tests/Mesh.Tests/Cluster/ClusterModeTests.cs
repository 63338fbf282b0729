using Mesh.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Mesh.Tests.Cluster;

/// <summary>Several silos of the same binary on one PostgreSQL database behave as one mesh.</summary>
[Trait("Category", "Slow")]
public sealed class ClusterModeTests
{
    private const string Ns = "cluster";
    private const string BrokerPath = $"/apis/eventing.knative.dev/v1/namespaces/{Ns}/brokers/default";

    [PostgresFact]
    public async Task A_declaration_applied_through_one_silo_is_visible_through_another()
    {
        await using var cluster = await ClusterOfMeshes.StartAsync(2);
        var (a, b) = (cluster.Hosts[0], cluster.Hosts[1]);

        await a.MustApplyAsync(Broker());

        var seen = await b.WaitReadyAsync(BrokerPath);
        seen["metadata"]!["name"]!.GetValue<string>().ShouldBe("default");
    }

    [PostgresFact]
    public async Task An_event_posted_to_one_silos_gateway_reaches_a_trigger_declared_through_another()
    {
        await using var subscriber = await RecordingSubscriber.StartAsync();
        await using var cluster = await ClusterOfMeshes.StartAsync(2);
        var (a, b) = (cluster.Hosts[0], cluster.Hosts[1]);
        var scenario = await BrokerScenario.StartAsync(a, subscriber, Ns);

        var answer = await (scenario with { Mesh = b }).SendAsync(CloudEventRequests.Binary("via-b"));

        ((int)answer.StatusCode).ShouldBe(202);
        var received = await scenario.WaitForAsync("via-b");
        received["type"].ShouldBe("dev.mesh.test");
    }

    [PostgresFact]
    public async Task Grain_state_survives_stopping_every_silo_and_starting_one_again()
    {
        await using var subscriber = await RecordingSubscriber.StartAsync();
        await using var cluster = await ClusterOfMeshes.StartAsync(2);
        await BrokerScenario.StartAsync(cluster.Hosts[0], subscriber, Ns);
        foreach (var host in cluster.Hosts.ToList()) await cluster.StopAsync(host);

        var again = await cluster.AddSiloAsync();

        await again.WaitReadyAsync($"/apis/eventing.knative.dev/v1/namespaces/{Ns}/triggers/default-all");
        var scenario = new BrokerScenario(again, subscriber, Ns, "default");
        ((int)(await scenario.SendAsync(CloudEventRequests.Binary("after-restart"))).StatusCode).ShouldBe(202);
        await scenario.WaitForAsync("after-restart");
    }

    [PostgresFact]
    public async Task A_stopped_silo_leaves_the_membership_and_the_others_keep_serving()
    {
        await using var subscriber = await RecordingSubscriber.StartAsync();
        await using var cluster = await ClusterOfMeshes.StartAsync(2);
        var (a, b) = (cluster.Hosts[0], cluster.Hosts[1]);
        var scenario = await BrokerScenario.StartAsync(b, subscriber, Ns);
        var membership = a.Services.GetRequiredService<IClusterMembershipService>();
        await Eventually.TrueAsync(() => ActiveSilos(membership) == 2, "silo A to see two active silos", () => Describe(membership));

        await cluster.StopAsync(b);

        await Eventually.TrueAsync(() => ActiveSilos(membership) == 1, "silo A to see silo B leave", () => Describe(membership));
        var survivor = scenario with { Mesh = a };
        ((int)(await survivor.SendAsync(CloudEventRequests.Binary("after-leave"))).StatusCode).ShouldBe(202);
        await survivor.WaitForAsync("after-leave");
    }

    private static string Broker() => $$"""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: { name: default, namespace: {{Ns}} }
        """;

    private static int ActiveSilos(IClusterMembershipService membership) =>
        membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);

    private static string Describe(IClusterMembershipService membership) =>
        string.Join(", ", membership.CurrentSnapshot.Members.Values.Select(m => $"{m.SiloAddress} {m.Status}"));
}
