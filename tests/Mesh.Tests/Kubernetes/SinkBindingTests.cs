using k8s;
using k8s.Models;
using Mesh.Operator.Kinds.SinkBinding;

namespace Mesh.Tests.Kubernetes;

/// <summary>
/// SinkBinding on the real API server: Deployments' pod templates (no pods run here; the template is
/// what counts) get K_SINK and K_CE_OVERRIDES, follow the sink, and lose exactly those again.
/// </summary>
[Collection(KubernetesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class SinkBindingTests(KubernetesApiServer server)
{
    [KubernetesFact]
    public async Task A_Deployment_named_as_subject_gets_K_SINK_in_every_container_follows_the_sink_and_loses_it_on_delete()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        await using var mesh = await KubernetesMesh.StartAsync(server, ns);
        await CreateDeploymentAsync(ns, "app", "bind: yes");
        await server.Objects.CreateAsync(SinkBindingKind.Resource, ns, BindingYaml("by-name", "name: app", "http://127.0.0.1:7001/"));

        var ready = await server.Objects.WaitReadyAsync(SinkBindingKind.Resource, ns, "by-name");
        ((string?)ready["status"]!["sinkUri"]).ShouldBe("http://127.0.0.1:7001/");
        ((JsonArray)ready["metadata"]!["finalizers"]!).Select(f => (string?)f).ShouldContain("sinkbindings.sources.knative.dev");
        var bound = await EnvironmentsAsync(ns, "app");
        bound.Count.ShouldBe(3, "two containers and an init container");
        foreach (var env in bound)
        {
            env["K_SINK"].ShouldBe("http://127.0.0.1:7001/");
            JsonNode.Parse(env["K_CE_OVERRIDES"]!)!.ToJsonString().ShouldBe("""{"extensions":{"team":"mesh"}}""");
        }
        bound[0]["KEEP"].ShouldBe("me", "the container's own variables stay");

        await server.Objects.UpdateAsync(SinkBindingKind.Resource, ns, "by-name", b => b["spec"]!["sink"]!["uri"] = "http://127.0.0.1:7002/");
        await Eventually.TrueAsync(async () => (await EnvironmentsAsync(ns, "app")).All(e => e.GetValueOrDefault("K_SINK") == "http://127.0.0.1:7002/"),
            "every container to carry the new sink");

        await server.Objects.DeleteAsync(SinkBindingKind.Resource, ns, "by-name");
        await Eventually.TrueAsync(async () => await server.Objects.GetAsync(SinkBindingKind.Resource, ns, "by-name") is null, "the binding to be gone once its finalizer ran");
        var restored = await EnvironmentsAsync(ns, "app");
        restored.ShouldAllBe(e => !e.ContainsKey("K_SINK") && !e.ContainsKey("K_CE_OVERRIDES"));
        restored[0].ShouldBe(new Dictionary<string, string?> { ["KEEP"] = "me" });
        var deployment = await server.Admin.AppsV1.ReadNamespacedDeploymentAsync("app", ns);
        (deployment.Metadata.Annotations ?? new Dictionary<string, string>()).ShouldNotContainKey(BindingEnvironment.BoundBy);
    }

    [KubernetesFact]
    public async Task Deployments_chosen_by_selector_are_bound_while_they_match_and_unbound_when_they_stop()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        await using var mesh = await KubernetesMesh.StartAsync(server, ns);
        await CreateDeploymentAsync(ns, "matching", "bind: yes");
        await CreateDeploymentAsync(ns, "other", "bind: no");
        await server.Objects.CreateAsync(SinkBindingKind.Resource, ns, BindingYaml("by-selector", "selector: { matchLabels: { bind: \"yes\" } }", "http://127.0.0.1:7001/"));
        await server.Objects.WaitReadyAsync(SinkBindingKind.Resource, ns, "by-selector");

        (await EnvironmentsAsync(ns, "matching")).ShouldAllBe(e => e.GetValueOrDefault("K_SINK") == "http://127.0.0.1:7001/");
        (await EnvironmentsAsync(ns, "other")).ShouldAllBe(e => !e.ContainsKey("K_SINK"));

        await CreateDeploymentAsync(ns, "later", "bind: yes");
        await Eventually.TrueAsync(async () => (await EnvironmentsAsync(ns, "later")).All(e => e.ContainsKey("K_SINK")), "a Deployment created later to be bound");

        var matching = await server.Admin.AppsV1.ReadNamespacedDeploymentAsync("matching", ns);
        matching.Metadata.Labels["bind"] = "no";
        await server.Admin.AppsV1.ReplaceNamespacedDeploymentAsync(matching, "matching", ns);
        await Eventually.TrueAsync(async () => (await EnvironmentsAsync(ns, "matching")).All(e => !e.ContainsKey("K_SINK")),
            "a Deployment that stops matching to lose K_SINK");
        (await EnvironmentsAsync(ns, "matching"))[0].ShouldBe(new Dictionary<string, string?> { ["KEEP"] = "me" });
        (await EnvironmentsAsync(ns, "later")).ShouldAllBe(e => e.ContainsKey("K_SINK"));
    }

    private static string BindingYaml(string name, string subject, string sink) => $$"""
        apiVersion: sources.knative.dev/v1
        kind: SinkBinding
        metadata: { name: {{name}} }
        spec:
          subject:
            apiVersion: apps/v1
            kind: Deployment
            {{subject}}
          sink: { uri: "{{sink}}" }
          ceOverrides: { extensions: { team: mesh } }
        """;

    private Task<V1Deployment> CreateDeploymentAsync(string ns, string name, string label) =>
        server.Admin.AppsV1.CreateNamespacedDeploymentAsync(KubernetesYaml.Deserialize<V1Deployment>($$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {{name}}
              labels: { {{label}} }
            spec:
              selector: { matchLabels: { app: {{name}} } }
              template:
                metadata: { labels: { app: {{name}} } }
                spec:
                  initContainers: [{ name: init, image: busybox }]
                  containers:
                    - { name: main, image: event-sender, env: [{ name: KEEP, value: me }] }
                    - { name: sidecar, image: busybox }
            """), ns);

    /// <summary>Each container's env (containers first, then init containers), as name to value.</summary>
    private async Task<List<Dictionary<string, string?>>> EnvironmentsAsync(string ns, string name)
    {
        var pod = (await server.Admin.AppsV1.ReadNamespacedDeploymentAsync(name, ns)).Spec.Template.Spec;
        return [.. pod.Containers.Concat(pod.InitContainers ?? []).Select(c => (c.Env ?? []).ToDictionary(e => e.Name, e => (string?)e.Value))];
    }
}
