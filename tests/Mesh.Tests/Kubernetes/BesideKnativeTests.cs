using Mesh.Operator.Resources;
using Mesh.Tests.Deploy;
using Mesh.Operator.Kinds.Broker;
using Mesh.Operator.Kinds.Trigger;

namespace Mesh.Tests.Kubernetes;

/// <summary>
/// Beside another broker implementation (Knative's own, here a Broker of class MTChannelBasedBroker),
/// the mesh acts only on Brokers of its class and on their Triggers, and writes nothing on the rest.
/// The strict mesh runs as <c>deploy/overlays/beside-knative</c> configures it, with that overlay's
/// narrower ClusterRole.
/// </summary>
[Collection(KubernetesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class BesideKnativeTests(KubernetesApiServer server)
{
    private const string OverlayUser = "mesh-beside-knative";
    private static readonly Uri Nowhere = new("http://127.0.0.1:9/");

    [KubernetesFact]
    public async Task Beside_Knative_a_broker_of_another_class_and_the_triggers_not_on_a_Mesh_broker_are_never_touched()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        await using var mesh = await StartAsOverlayAsync(ns);
        var knative = await server.Objects.CreateAsync(BrokerKind.Resource, ns, KubernetesMesh.Broker("knative", "MTChannelBasedBroker"));
        var unclassed = await server.Objects.CreateAsync(BrokerKind.Resource, ns, KubernetesMesh.Broker("unclassed"));
        var onKnative = await server.Objects.CreateAsync(TriggerKind.Resource, ns, KubernetesMesh.Trigger("on-knative", Nowhere, "knative"));
        var onUnclassed = await server.Objects.CreateAsync(TriggerKind.Resource, ns, KubernetesMesh.Trigger("on-unclassed", Nowhere, "unclassed"));
        var onMissing = await server.Objects.CreateAsync(TriggerKind.Resource, ns, KubernetesMesh.Trigger("on-missing", Nowhere, "missing"));
        await server.Objects.CreateAsync(TriggerKind.Resource, ns, KubernetesMesh.Trigger("on-late", Nowhere, "late"));

        // The sentinels: created after the others on the same watches, so seen after them.
        await server.Objects.CreateAsync(BrokerKind.Resource, ns, KubernetesMesh.Broker("mesh", "Mesh"));
        await server.Objects.CreateAsync(TriggerKind.Resource, ns, KubernetesMesh.Trigger("on-mesh", Nowhere, "mesh"));
        await server.Objects.WaitReadyAsync(TriggerKind.Resource, ns, "on-mesh");

        foreach (var (kind, untouched) in new[] { (BrokerKind.Resource, knative), (BrokerKind.Resource, unclassed), (TriggerKind.Resource, onKnative), (TriggerKind.Resource, onUnclassed), (TriggerKind.Resource, onMissing) })
            await ShouldBeUntouchedAsync(mesh, kind, untouched);
        (await server.Objects.GetAsync(TriggerKind.Resource, ns, "on-late"))!["status"].ShouldBeNull();

        // A Mesh Broker that appears later takes up the Trigger that was waiting for it.
        await server.Objects.CreateAsync(BrokerKind.Resource, ns, KubernetesMesh.Broker("late", "Mesh"));
        await server.Objects.WaitReadyAsync(TriggerKind.Resource, ns, "on-late");
        await ShouldBeUntouchedAsync(mesh, TriggerKind.Resource, onKnative);
    }

    [KubernetesFact]
    public async Task A_Mesh_broker_moved_to_another_class_takes_its_triggers_out_of_the_mesh_without_a_last_status_write()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        await using var mesh = await StartAsOverlayAsync(ns);
        await server.Objects.CreateAsync(BrokerKind.Resource, ns, KubernetesMesh.Broker("moving", "Mesh"));
        await server.Objects.CreateAsync(TriggerKind.Resource, ns, KubernetesMesh.Trigger("on-moving", Nowhere, "moving"));
        var before = await server.Objects.WaitReadyAsync(TriggerKind.Resource, ns, "on-moving");

        // Without admission webhooks nothing stops the class annotation from changing.
        await server.Objects.UpdateAsync(BrokerKind.Resource, ns, "moving",
            b => b["metadata"]!["annotations"]![BrokerClass] = "MTChannelBasedBroker");

        await Eventually.TrueAsync(async () => await KubernetesMesh.StoredAsync(mesh, TriggerKind.Resource, ns, "on-moving") is null
            && await KubernetesMesh.StoredAsync(mesh, BrokerKind.Resource, ns, "moving") is null, "the mesh to let go of the broker and its trigger");
        await server.Objects.CreateAsync(BrokerKind.Resource, ns, KubernetesMesh.Broker("sentinel", "Mesh"));
        await server.Objects.CreateAsync(TriggerKind.Resource, ns, KubernetesMesh.Trigger("on-sentinel", Nowhere, "sentinel"));
        await server.Objects.WaitReadyAsync(TriggerKind.Resource, ns, "on-sentinel");
        await ShouldBeUntouchedAsync(mesh, TriggerKind.Resource, before);
    }

    [KubernetesFact]
    public async Task With_the_default_class_an_unannotated_broker_is_the_meshs_but_another_class_and_its_triggers_are_left_alone()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        await using var mesh = await KubernetesMesh.StartAsync(server, ns);
        var kafka = await server.Objects.CreateAsync(BrokerKind.Resource, ns, KubernetesMesh.Broker("kafka", "Kafka"));
        var onKafka = await server.Objects.CreateAsync(TriggerKind.Resource, ns, KubernetesMesh.Trigger("on-kafka", Nowhere, "kafka"));
        await server.Objects.CreateAsync(BrokerKind.Resource, ns, KubernetesMesh.Broker("plain"));
        await server.Objects.CreateAsync(TriggerKind.Resource, ns, KubernetesMesh.Trigger("on-missing", Nowhere, "missing"));

        await server.Objects.WaitReadyAsync(BrokerKind.Resource, ns, "plain");
        var missing = await server.Objects.WaitReadyAsync(TriggerKind.Resource, ns, "on-missing", "False");

        missing["status"]!["conditions"]!.AsArray().ShouldContain(c => (string?)c!["type"] == "BrokerReady" && (string?)c["reason"] == "BrokerDoesNotExist");
        await ShouldBeUntouchedAsync(mesh, BrokerKind.Resource, kafka);
        await ShouldBeUntouchedAsync(mesh, TriggerKind.Resource, onKafka);
    }

    private const string BrokerClass = "eventing.knative.dev/broker.class";

    /// <summary>Not changed in the cluster since <paramref name="then"/> (no status written), and not in the mesh.</summary>
    private async Task ShouldBeUntouchedAsync(MeshHost mesh, ResourceKind kind, JsonObject then)
    {
        var (ns, name) = ((string)then["metadata"]!["namespace"]!, (string)then["metadata"]!["name"]!);
        var now = (await server.Objects.GetAsync(kind, ns, name))!;
        ((string?)now["metadata"]!["resourceVersion"]).ShouldBe((string?)then["metadata"]!["resourceVersion"], $"{kind.Kind} {name} was written to");
        JsonNode.DeepEquals(now["status"], then["status"]).ShouldBeTrue($"{kind.Kind} {name} got a status: {now["status"]?.ToJsonString()}");
        (await KubernetesMesh.StoredAsync(mesh, kind, ns, name)).ShouldBeNull($"{kind.Kind} {name} is in the mesh");
    }

    /// <summary>A mesh configured as the overlay's ConfigMap says, as a user bound only to the overlay's ClusterRole.</summary>
    private async Task<MeshHost> StartAsOverlayAsync(string ns)
    {
        await GrantOverlayRoleAsync();
        var (certificate, key) = ClientCertificates.Issue(server.CaFile, server.CaKeyFile, OverlayUser);
        var kubeConfig = KubeConfigs.Write(Path.Combine(server.Directory, $"{ns}.kubeconfig"), "overlay",
            [new KubeConfigs.Cluster("test", server.Url.ToString(), CaData: KubeConfigs.Base64(File.ReadAllText(server.CaFile)))],
            [new KubeConfigs.User(OverlayUser, CertificatePem: certificate, KeyPem: key)],
            [new KubeConfigs.Context("overlay", "test", OverlayUser)]);
        var settings = new Dictionary<string, string?>
        {
            ["Mesh:Kubernetes:Url"] = null,
            ["Mesh:Kubernetes:Token"] = null,
            ["Mesh:Kubernetes:CertificateAuthority"] = null,
            ["Mesh:Kubernetes:KubeConfig"] = kubeConfig,
        };
        var config = DeployFiles.Documents(DeployFiles.Full("overlays/beside-knative/mesh-config.yaml")).Single();
        foreach (var (key2, value) in config["data"]!.AsObject()) settings[key2.Replace("__", ":")] = value?.ToString();
        settings["Mesh:Kubernetes:DefaultBrokerClass"].ShouldBe("false");
        return await KubernetesMesh.StartAsync(server, ns, overrides: settings);
    }

    private async Task GrantOverlayRoleAsync()
    {
        var role = DeployFiles.Documents(DeployFiles.Full("overlays/beside-knative/operator-role.yaml")).Single();
        role["metadata"] = new JsonObject { ["name"] = OverlayUser };
        var list = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "List",
            ["items"] = new JsonArray(
                role,
                Binding("ClusterRoleBinding", null, "ClusterRole", OverlayUser),
                // The Lease, as deploy/base's Role grants the ServiceAccount in mesh-system.
                Binding("RoleBinding", "mesh-system", "Role", "mesh")),
        };
        var file = Path.Combine(server.Directory, "beside-knative-rbac.json");
        await File.WriteAllTextAsync(file, list.ToJsonString());
        await server.KubectlAsync("apply", "-f", file);
    }

    private static JsonObject Binding(string kind, string? ns, string roleKind, string roleName) => new()
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = kind,
        ["metadata"] = ns is null ? new JsonObject { ["name"] = OverlayUser } : new JsonObject { ["name"] = OverlayUser, ["namespace"] = ns },
        ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = roleKind, ["name"] = roleName },
        ["subjects"] = new JsonArray(new JsonObject { ["kind"] = "User", ["apiGroup"] = "rbac.authorization.k8s.io", ["name"] = OverlayUser }),
    };
}
