using Mesh.Tests.Kubernetes;

namespace Mesh.Tests.Deploy;

/// <summary>
/// <c>deploy/</c> applied to the real API server with kubectl, as a user installs it. The StatefulSet
/// is accepted but its pods never run here (no scheduler, no kubelet).
/// </summary>
[Collection(KubernetesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class ClusterApplyTests(KubernetesApiServer server)
{
    [KubernetesFact]
    public async Task The_fresh_install_applies_and_creates_every_object_it_lists()
    {
        string installed;
        try
        {
            if (KubernetesBinaries.ModernKubectl is not null)
            {
                await server.ModernKubectlAsync("apply", "-k", DeployFiles.Directory);
            }
            else
            {
                // The v1.20 kubectl's kustomize is too old for deploy/: the same files, one by one.
                var files = DeployFiles.KustomizedFiles("").SelectMany(f => (string[])["-f", DeployFiles.Full(f)]).ToArray();
                await server.KubectlAsync(["apply", .. files]);
            }

            installed = await server.KubectlAsync("get", "-n", "mesh-system", "-o", "name",
                "namespace/mesh-system", "serviceaccount/mesh", "clusterrole/mesh-operator", "clusterrolebinding/mesh-operator", "role/mesh", "rolebinding/mesh",
                "configmap/mesh-config", "secret/mesh-postgres", "statefulset/mesh", "service/mesh", "service/mesh-silos",
                "clusterrole/mesh-webhook", "clusterrolebinding/mesh-webhook", "service/mesh-webhook",
                "mutatingwebhookconfiguration/defaulting.webhook.mesh.dev", "validatingwebhookconfiguration/validation.webhook.mesh.dev");
        }
        finally
        {
            // No pod answers them here: left installed, they would refuse every other test's objects.
            await server.KubectlAsync("delete", "--ignore-not-found", "mutatingwebhookconfiguration/defaulting.webhook.mesh.dev", "validatingwebhookconfiguration/validation.webhook.mesh.dev");
        }
        installed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(16);
        var crds = await server.KubectlAsync("get", "crd", "-l", "app.kubernetes.io/part-of=mesh", "-o", "name");
        crds.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(DeployFiles.KustomizedFiles("").Count(f => f.StartsWith("crds/", StringComparison.Ordinal)));
    }

    [SkippableFact]
    public async Task The_beside_Knative_overlay_is_accepted_by_the_server_and_installs_no_CRD_and_writes_nothing_beyond_brokers_triggers_and_its_webhook_configurations()
    {
        Skip.If(KubernetesBinaries.MissingReason is not null, KubernetesBinaries.MissingReason);
        Skip.If(KubernetesBinaries.ModernKubectl is null, "Only a current kubectl builds the overlay (the v1.20 one's kustomize is too old).");
        var overlay = DeployFiles.Full("overlays/beside-knative");

        // Server-side dry run: validated and admitted by the API server, without replacing the
        // ClusterRole the other tests' operator runs under.
        var accepted = await server.ModernKubectlAsync("apply", "-k", overlay, "--dry-run=server", "-o", "name");
        var built = YamlDocuments(await server.ModernKubectlAsync("kustomize", overlay));

        accepted.ShouldContain("statefulset.apps/mesh");
        accepted.ShouldNotContain("customresourcedefinition");
        built.ShouldNotContain(d => (string?)d["kind"] == "CustomResourceDefinition");
        var role = built.Single(d => (string?)d["kind"] == "ClusterRole" && (string?)d["metadata"]!["name"] == "mesh-operator");
        var webhookRole = built.Single(d => (string?)d["kind"] == "ClusterRole" && (string?)d["metadata"]!["name"] == "mesh-webhook");
        webhookRole["rules"]!.AsArray().SelectMany(r => r!["resourceNames"]!.AsArray()).Select(n => (string?)n)
            .ShouldBe(["defaulting.webhook.mesh.dev", "validation.webhook.mesh.dev"], ignoreOrder: true);
        built.Where(d => ((string?)d["kind"])!.EndsWith("WebhookConfiguration", StringComparison.Ordinal))
            .SelectMany(d => d["webhooks"]!.AsArray()).SelectMany(h => h!["rules"]!.AsArray()).SelectMany(r => r!["resources"]!.AsArray())
            .Select(r => (string?)r).Distinct().ShouldBe(["brokers", "triggers"], ignoreOrder: true);
        role["rules"]!.AsArray().SelectMany(r => r!["apiGroups"]!.AsArray()).Select(g => (string?)g).Distinct().ShouldBe(["eventing.knative.dev"]);
        role["rules"]!.AsArray().SelectMany(r => r!["resources"]!.AsArray()).Select(r => ((string)r!).Split('/')[0]).Distinct()
            .ShouldBe(["brokers", "triggers"], ignoreOrder: true);
        // Beyond them: the webhook configurations (above, by name), and resolving refs to Knative's addressables, which only reads.
        var resolver = built.Single(d => (string?)d["kind"] == "ClusterRole" && (string?)d["metadata"]!["name"] == "mesh-addressable-resolver");
        resolver["rules"]!.AsArray().SelectMany(r => r!["verbs"]!.AsArray()).Select(v => (string?)v).Distinct().ShouldBe(["get", "list", "watch"], ignoreOrder: true);
        built.Count(d => (string?)d["kind"] == "ClusterRole").ShouldBe(3, "mesh-operator, mesh-addressable-resolver and mesh-webhook");
        var config = built.Single(d => (string?)d["kind"] == "ConfigMap")["data"]!;
        ((string?)config["Mesh__Kubernetes__DefaultBrokerClass"]).ShouldBe("false");
        ((string?)config["Mesh__Cluster"]).ShouldBe("Postgres", "the overlay keeps the base's configuration");
    }

    [KubernetesFact]
    public async Task The_samples_are_accepted_by_the_API_server_with_the_installed_CRDs()
    {
        var samples = DeployFiles.Relative(DeployFiles.AllYaml()).Where(f => f.StartsWith("samples/", StringComparison.Ordinal))
            .SelectMany(f => (string[])["-f", DeployFiles.Full(f)]).ToArray();

        var accepted = await server.KubectlAsync(["apply", "--dry-run=server", "-o", "name", .. samples]);

        accepted.ShouldContain("broker.eventing.knative.dev/");
        accepted.ShouldContain("trigger.eventing.knative.dev/");
        accepted.ShouldContain("githubsource.sources.knative.dev/");
    }

    private static IReadOnlyList<JsonObject> YamlDocuments(string yaml) =>
        [.. Mesh.Declarations.DocumentReader.ReadYaml(yaml).OfType<JsonObject>()];
}
