using Mesh.Operator.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Mesh.Operator.Kinds.Broker;
using Mesh.Operator.Kinds.Trigger;

namespace Mesh.Tests.Kubernetes;

/// <summary>
/// The leader's watches survive what a real cluster does to them: connections cut, the API server
/// restarted, history compacted. The leader keeps its Lease throughout (patient timings), so what is
/// tested is the watch's own recovery, not a new term's fresh list.
/// </summary>
[Collection(KubernetesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class WatchRecoveryTests(KubernetesApiServer server)
{
    [KubernetesFact]
    public async Task A_watch_cut_mid_stream_resumes_from_its_resource_version_without_relisting()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        await using var relay = new TcpRelay(server.Port);
        var logs = new CapturedLogs();
        await using var mesh = await KubernetesMesh.StartAsync(server, ns, overrides: Through(relay), services: logs.AddTo);
        await server.Objects.CreateAsync(BrokerKind.Resource, ns, KubernetesMesh.Broker());
        await server.Objects.WaitReadyAsync(BrokerKind.Resource, ns, "default");
        // Each kind lists once when the term starts; on a loaded machine the triggers' list can come after the broker is Ready.
        await Eventually.TrueAsync(() => Count(logs, "Listed triggers") >= 1, "the leader's first list of triggers");
        var lists = Count(logs, "Listed triggers");

        relay.Sever();
        await server.Objects.CreateAsync(TriggerKind.Resource, ns, KubernetesMesh.Trigger("after-cut", new Uri("http://127.0.0.1:9/")));

        // Only a resumed watch can bring the new trigger: there was no list since the cut.
        await server.Objects.WaitReadyAsync(TriggerKind.Resource, ns, "after-cut");
        Count(logs, "Listed triggers").ShouldBe(lists);
        Count(logs, "is leading").ShouldBe(1);
    }

    [KubernetesFact]
    public async Task A_watch_whose_history_was_compacted_meanwhile_relists_and_catches_up()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        await using var relay = new TcpRelay(server.Port);
        var logs = new CapturedLogs();
        await using var mesh = await KubernetesMesh.StartAsync(server, ns, overrides: Through(relay), services: logs.AddTo);
        await server.Objects.CreateAsync(BrokerKind.Resource, ns, KubernetesMesh.Broker());
        await server.Objects.CreateAsync(TriggerKind.Resource, ns, KubernetesMesh.Trigger("doomed", new Uri("http://127.0.0.1:9/")));
        await server.Objects.WaitReadyAsync(TriggerKind.Resource, ns, "doomed");
        // The trigger can be Ready while the triggers' first list is still reconciling what it found:
        // only once it is logged is there a watch, at a resourceVersion, for the cut to leave behind.
        await Eventually.TrueAsync(() => Count(logs, "Listed triggers") >= 1, "the leader's first list of triggers");

        // While the mesh is cut off, one trigger goes and another comes; etcd forgets the history, and the
        // API server restarts, so that its watch cache too begins after the mesh's last resourceVersion.
        relay.Refuse();
        try
        {
            await server.Objects.DeleteAsync(TriggerKind.Resource, ns, "doomed");
            await server.Objects.CreateAsync(TriggerKind.Resource, ns, KubernetesMesh.Trigger("after-gone", new Uri("http://127.0.0.1:9/")));
            await server.CompactEtcdAsync();
            await server.StopAsync();
        }
        finally
        {
            if (!server.Running) await server.StartAsync();
            relay.Admit();
        }

        await server.Objects.WaitReadyAsync(TriggerKind.Resource, ns, "after-gone", timeout: TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(async () => await KubernetesMesh.StoredAsync(mesh, TriggerKind.Resource, ns, "doomed") is null,
            "the relist to remove the trigger deleted while the watch was gone");
        logs.Lines.ShouldContain(l => l.Contains("Watch of triggers at resourceVersion") && l.Contains("is gone (410)"),
            string.Join("\n", logs.Lines.Where(l => l.Contains("triggers", StringComparison.Ordinal) || l.Contains("leading", StringComparison.Ordinal))));
        Count(logs, "is leading").ShouldBe(1, "the relist came from the 410, not from a new term of leadership");
    }

    [KubernetesFact]
    public async Task While_the_API_server_is_down_the_mesh_is_not_ready_and_after_its_restart_it_is_ready_and_reconciles_again()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        await using var first = await RecordingSubscriber.StartAsync();
        await using var second = await RecordingSubscriber.StartAsync();
        await using var mesh = await KubernetesMesh.StartAsync(server, ns,
            overrides: new Dictionary<string, string?>(KubernetesMesh.Patient) { ["Mesh:Kubernetes:UnreachableAfter"] = "00:00:01" });
        await server.Objects.CreateAsync(BrokerKind.Resource, ns, KubernetesMesh.Broker());
        await server.Objects.CreateAsync(TriggerKind.Resource, ns, KubernetesMesh.Trigger("t1", first.Url));
        await server.Objects.WaitReadyAsync(TriggerKind.Resource, ns, "t1");

        try
        {
            await server.StopAsync();
            await Eventually.TrueAsync(async () => !(await mesh.Http.GetAsync("/readyz")).IsSuccessStatusCode, "/readyz to fail while the API server is down");
            ((await KubernetesCheckAsync(mesh)).Description ?? "").ShouldContain("unreachable");
            // The data plane keeps serving what it knows.
            await KubernetesMesh.SendAsync(mesh, ns, "default", "during-outage");
            await first.WaitForCountAsync(1);
        }
        finally
        {
            if (!server.Running) await server.StartAsync();
        }

        await Eventually.TrueAsync(async () => (await mesh.Http.GetAsync("/readyz")).IsSuccessStatusCode, "/readyz to pass again once the API server is back",
            timeout: TimeSpan.FromSeconds(60));
        await server.Objects.CreateAsync(TriggerKind.Resource, ns, KubernetesMesh.Trigger("t2", second.Url));
        await server.Objects.WaitReadyAsync(TriggerKind.Resource, ns, "t2", timeout: TimeSpan.FromSeconds(60));
        await server.Objects.DeleteAsync(TriggerKind.Resource, ns, "t1");
        await Eventually.TrueAsync(async () => await KubernetesMesh.StoredAsync(mesh, TriggerKind.Resource, ns, "t1") is null, "the mesh to forget t1");
        await KubernetesMesh.SendAsync(mesh, ns, "default", "after-restart");
        await second.WaitForCountAsync(1);
        first.Received.Count.ShouldBe(1);
        KubernetesMesh.IsLeader(mesh).ShouldBeTrue();
    }

    private static Dictionary<string, string?> Through(TcpRelay relay) =>
        new(KubernetesMesh.Patient) { ["Mesh:Kubernetes:Url"] = $"https://127.0.0.1:{relay.Port}/" };

    private static int Count(CapturedLogs logs, string text) => logs.Lines.Count(l => l.Contains(text));

    private static async Task<HealthReportEntry> KubernetesCheckAsync(MeshHost mesh) =>
        (await mesh.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["kubernetes"];
}
