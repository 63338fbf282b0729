using Mesh.Operator.Auth;
using Mesh.Silo.Hosting;
using Mesh.Silo.Hosting.Listeners;
using Microsoft.Extensions.Configuration;
using Orleans.Hosting.Kubernetes;

namespace Mesh.Tests.Deploy;

/// <summary>The cluster install configures the silo through keys the silo actually binds, and gives Orleans' Kubernetes hosting what it reads.</summary>
public sealed class InstallConfigurationTests
{
    private static readonly IReadOnlyList<JsonObject> Mesh = DeployFiles.Documents(DeployFiles.Full("base/500-mesh.yaml"));

    private static JsonObject PodTemplate => Mesh.Single(d => (string?)d["kind"] == "StatefulSet")["spec"]!["template"]!.AsObject();

    private static IEnumerable<JsonObject> Env => PodTemplate["spec"]!["containers"]![0]!["env"]!.AsArray().OfType<JsonObject>();

    [Fact]
    public void The_install_runs_the_silo_in_postgres_cluster_mode_with_kubernetes_hosting_and_valid_options()
    {
        var settings = new Dictionary<string, string?>();
        foreach (var (key, value) in Mesh.Single(d => (string?)d["kind"] == "ConfigMap")["data"]!.AsObject())
            settings[key.Replace("__", ":")] = value?.ToString();
        // Values the cluster fills in at run time (downward API, secrets) get stand-ins here.
        var environment = Env.ToDictionary(e => ((string)e["name"]!).Replace("__", ":"), e => e["value"]?.ToString() ?? e["valueFrom"] switch
        {
            { } from when from["secretKeyRef"] is not null => "Host=db;Database=mesh;Username=mesh;Password=x",
            { } from when (string?)from["fieldRef"]?["fieldPath"] == "status.podIP" => "10.0.0.7",
            _ => "from-the-pod",
        });
        foreach (var (name, value) in environment.Where(e => e.Key.StartsWith("Mesh:", StringComparison.Ordinal))) settings[name] = value;

        var options = new ConfigurationBuilder().AddInMemoryCollection(settings).Build()
            .GetSection(MeshOptions.Section).Get<MeshOptions>()!;

        options.Cluster.ShouldBe(MeshClusterMode.Postgres);
        options.KubernetesHosting.ShouldBeTrue();
        options.Postgres.ConnectionString.ShouldNotBeNullOrEmpty();
        options.AdvertisedIPAddress.ShouldBeNull("the pod's IP comes through POD_IP");
        var result = new MeshOptionsValidator(environment.GetValueOrDefault).Validate(null, options);
        result.Failed.ShouldBeFalse(result.FailureMessage);
    }

    [Fact]
    public void The_statefulset_gives_orleans_kubernetes_hosting_the_pod_environment_and_labels_it_reads()
    {
        var fieldOf = Env.Where(e => e["valueFrom"]?["fieldRef"] is not null)
            .ToDictionary(e => (string)e["name"]!, e => (string)e["valueFrom"]!["fieldRef"]!["fieldPath"]!);

        fieldOf[KubernetesHostingOptions.PodNameEnvironmentVariable].ShouldBe("metadata.name");
        fieldOf[KubernetesHostingOptions.PodNamespaceEnvironmentVariable].ShouldBe("metadata.namespace");
        fieldOf[KubernetesHostingOptions.PodIPEnvironmentVariable].ShouldBe("status.podIP");
        fieldOf[KubernetesHostingOptions.ServiceIdEnvironmentVariable].ShouldBe($"metadata.labels['{KubernetesHostingOptions.ServiceIdLabel}']");
        fieldOf[KubernetesHostingOptions.ClusterIdEnvironmentVariable].ShouldBe($"metadata.labels['{KubernetesHostingOptions.ClusterIdLabel}']");
        var labels = PodTemplate["metadata"]!["labels"]!.AsObject();
        ((string?)labels[KubernetesHostingOptions.ServiceIdLabel]).ShouldNotBeNullOrEmpty();
        ((string?)labels[KubernetesHostingOptions.ClusterIdLabel]).ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void The_silo_may_read_watch_and_label_its_pods_in_its_namespace_but_not_delete_them()
    {
        var rbac = DeployFiles.Documents(DeployFiles.Full("base/200-rbac.yaml"));
        var role = rbac.Single(d => (string?)d["kind"] == "Role");
        ((string?)role["metadata"]!["namespace"]).ShouldBe((string?)PodTemplate.Root["metadata"]!["namespace"]);
        var podRules = role["rules"]!.AsArray().Where(r => r!["resources"]!.AsArray().Any(x => (string?)x == "pods")).ToList();

        podRules.ShouldHaveSingleItem()!["verbs"]!.AsArray().Select(v => (string)v!).ShouldBe(["get", "list", "watch", "patch"], ignoreOrder: true);
        rbac.Where(d => (string?)d["kind"] == "ClusterRole").SelectMany(c => c["rules"]!.AsArray())
            .ShouldNotContain(r => r!["resources"]!.AsArray().Any(x => (string?)x == "pods"));
    }

    [Fact]
    public void The_install_starts_without_identities_because_only_the_data_plane_faces_the_network()
    {
        var settings = Mesh.Single(d => (string?)d["kind"] == "ConfigMap")["data"]!.AsObject()
            .ToDictionary(e => e.Key.Replace("__", ":"), e => e.Value?.ToString());
        settings["urls"] = Env.Single(e => (string?)e["name"] == "ASPNETCORE_URLS")["value"]!.ToString();
        var plan = ListenerPlan.From(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        plan.ServesResourceApi.ShouldBeFalse();
        plan.Admin.ShouldAllBe(a => a.IsLoopback);
        plan.Problems().ShouldBeEmpty();
        ControlPlaneExposure.Refusal(plan, new MeshAuthOptions()).ShouldBeNull();
        var service = Mesh.Single(d => (string?)d["kind"] == "Service" && (string?)d["metadata"]!["name"] == "mesh");
        service["spec"]!["ports"]!.AsArray().Select(p => (string?)p!["targetPort"]).ShouldBe(["http"], "the Service exposes neither the admin nor the metrics port");
    }
}
