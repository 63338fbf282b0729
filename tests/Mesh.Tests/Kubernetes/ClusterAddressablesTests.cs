using k8s;
using Mesh.Operator.Kinds.Broker;
using Mesh.Operator.Kinds.Trigger;
using Mesh.Operator.Kubernetes;
using Mesh.Operator.Resources;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Tests.Kubernetes;

/// <summary>
/// Duck-typed addressables on the real API server: a trigger's subscriber is a Knative Service or a
/// CRD of the test's own, found by discovery, gated by its Ready condition, re-resolved when it changes.
/// </summary>
[Collection(KubernetesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class ClusterAddressablesTests(KubernetesApiServer server)
{
    private static readonly ResourceKind KnativeService = new("serving.knative.dev", "v1", "Service", "services", [], []);
    private static readonly ResourceKind Widget = new("addressables.test.mesh.dev", "v1", "Widget", "widgets", [], []);

    [KubernetesFact]
    public async Task A_trigger_to_a_Knative_Service_waits_for_it_to_exist_and_be_ready_then_delivers_and_follows_its_address()
    {
        await InstallCrdsAsync();
        var ns = await server.Objects.CreateNamespaceAsync();
        await using var first = await RecordingSubscriber.StartAsync();
        await using var second = await RecordingSubscriber.StartAsync();
        await using var mesh = await KubernetesMesh.StartAsync(server, ns);
        await server.Objects.CreateAsync(BrokerKind.Resource, ns, KubernetesMesh.Broker());
        await server.Objects.CreateAsync(TriggerKind.Resource, ns, TriggerTo("t1", "serving.knative.dev/v1", "Service", "dumper"));

        var missing = await WaitSubscriberResolvedAsync(ns, "t1", "False", "NotFound");
        MessageOf(missing).ShouldContain($"{ns}/dumper does not exist");

        await server.Objects.CreateAsync(KnativeService, ns, """
            apiVersion: serving.knative.dev/v1
            kind: Service
            metadata: { name: dumper }
            spec: { template: { spec: { containers: [{ image: event-display }] } } }
            """);
        await SetStatusAsync(KnativeService, ns, "dumper", new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "False", ["reason"] = "RevisionMissing", ["message"] = "no revision yet" }),
        });
        var notReady = await WaitSubscriberResolvedAsync(ns, "t1", "False", "NotReady");
        MessageOf(notReady).ShouldContain("no revision yet");

        await SetStatusAsync(KnativeService, ns, "dumper", ReadyAt(first.Url));
        var resolved = await server.Objects.WaitReadyAsync(TriggerKind.Resource, ns, "t1");
        ((string?)resolved["status"]!["subscriberUri"]).ShouldBe(first.Url.ToString());
        await KubernetesMesh.SendAsync(mesh, ns, "default", "e1");
        await first.WaitForCountAsync(1);

        await SetStatusAsync(KnativeService, ns, "dumper", ReadyAt(second.Url));
        JsonObject? moved = null;
        await Eventually.TrueAsync(async () =>
        {
            moved = await server.Objects.GetAsync(TriggerKind.Resource, ns, "t1");
            return (string?)moved?["status"]?["subscriberUri"] == second.Url.ToString();
        }, "the trigger to follow the Service's new address", () => moved?.ToJsonString() ?? "(missing)");
        await KubernetesMesh.SendAsync(mesh, ns, "default", "e2");
        await second.WaitForCountAsync(1);
        second.Received[0].Ce("id").ShouldBe("e2");
        first.Received.Count.ShouldBe(1, "the old address got an event after the Service moved");
    }

    [KubernetesFact]
    public async Task A_crd_of_our_own_is_not_addressable_until_it_has_an_address_and_only_the_referenced_kind_is_watched()
    {
        await InstallCrdsAsync();
        var ns = await server.Objects.CreateNamespaceAsync();
        await using var subscriber = await RecordingSubscriber.StartAsync();
        await using var mesh = await KubernetesMesh.StartAsync(server, ns);
        await server.Objects.CreateAsync(Widget, ns, "apiVersion: addressables.test.mesh.dev/v1\nkind: Widget\nmetadata: { name: w1 }\nspec: {}\n");
        await server.Objects.CreateAsync(BrokerKind.Resource, ns, KubernetesMesh.Broker());
        await server.Objects.CreateAsync(TriggerKind.Resource, ns, TriggerTo("t1", "addressables.test.mesh.dev/v1", "Widget", "w1"));

        var unaddressable = await WaitSubscriberResolvedAsync(ns, "t1", "False", "NotAddressable");
        MessageOf(unaddressable).ShouldContain($"Widget {ns}/w1 has no status.address.url");
        mesh.Services.GetRequiredService<AddressableWatches>().Kinds.Select(k => k.Plural).ShouldBe(["widgets"]);

        // No Ready condition at all: the address alone counts, the first of status.addresses with its audience.
        await SetStatusAsync(Widget, ns, "w1", new JsonObject
        {
            ["addresses"] = new JsonArray(new JsonObject { ["name"] = "http", ["url"] = subscriber.Url.ToString(), ["audience"] = "widget-w1" }),
        });
        var resolved = await server.Objects.WaitReadyAsync(TriggerKind.Resource, ns, "t1");
        ((string?)resolved["status"]!["subscriberUri"]).ShouldBe(subscriber.Url.ToString());
        ((string?)resolved["status"]!["subscriberAudience"]).ShouldBe("widget-w1");
        await KubernetesMesh.SendAsync(mesh, ns, "default", "e1");
        await subscriber.WaitForCountAsync(1);

        await server.Objects.DeleteAsync(Widget, ns, "w1");
        await WaitSubscriberResolvedAsync(ns, "t1", "False", "NotFound");
    }

    [KubernetesFact]
    public async Task A_ref_to_a_kind_the_cluster_does_not_serve_says_so()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        await using var mesh = await KubernetesMesh.StartAsync(server, ns);
        await server.Objects.CreateAsync(BrokerKind.Resource, ns, KubernetesMesh.Broker());
        await server.Objects.CreateAsync(TriggerKind.Resource, ns, TriggerTo("t1", "nowhere.test.mesh.dev/v1", "Gadget", "g"));

        var unknown = await WaitSubscriberResolvedAsync(ns, "t1", "False", "NotFound");
        MessageOf(unknown).ShouldContain("the cluster serves no kind Gadget in nowhere.test.mesh.dev/v1");
        mesh.Services.GetRequiredService<AddressableWatches>().Kinds.ShouldBeEmpty();
    }

    private static string TriggerTo(string name, string apiVersion, string kind, string target) => $$"""
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: { name: {{name}} }
        spec:
          broker: default
          subscriber: { ref: { apiVersion: {{apiVersion}}, kind: {{kind}}, name: {{target}} } }
        """;

    private static JsonObject ReadyAt(Uri url) => new()
    {
        ["address"] = new JsonObject { ["url"] = url.ToString() },
        ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
    };

    private async Task SetStatusAsync(ResourceKind kind, string ns, string name, JsonObject status)
    {
        var obj = (await server.Objects.GetAsync(kind, ns, name))!;
        obj["status"] = status;
        await server.Admin.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<JsonObject>(obj, kind.Group, kind.Version, ns, kind.Plural, name);
    }

    private async Task<JsonObject> WaitSubscriberResolvedAsync(string ns, string trigger, string status, string reason)
    {
        JsonObject? last = null;
        await Eventually.TrueAsync(async () =>
        {
            last = await server.Objects.GetAsync(TriggerKind.Resource, ns, trigger);
            var condition = Condition(last);
            return (string?)condition?["status"] == status && (string?)condition?["reason"] == reason;
        }, $"trigger {ns}/{trigger} to have SubscriberResolved={status} ({reason})", () => last?.ToJsonString() ?? "(missing)");
        return last!;
    }

    private static JsonObject? Condition(JsonObject? trigger) =>
        (trigger?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "SubscriberResolved");

    private static string MessageOf(JsonObject trigger) => (string?)Condition(trigger)?["message"] ?? "";

    // Cluster-wide and idempotent: a user's CRD, a minimal Knative Service CRD, and the ClusterRole a
    // user binds to the mesh's ServiceAccount so that it may read their kind (docs/kubernetes.md).
    private async Task InstallCrdsAsync()
    {
        var file = Path.Combine(server.Directory, "addressable-crds.yaml");
        await File.WriteAllTextAsync(file, Crd("services.serving.knative.dev", "serving.knative.dev", "Service", "services")
            + "---\n" + Crd("widgets.addressables.test.mesh.dev", "addressables.test.mesh.dev", "Widget", "widgets") + """
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: { name: widgets-addressable }
            rules: [{ apiGroups: [addressables.test.mesh.dev], resources: [widgets], verbs: [get, list, watch] }]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: { name: mesh-widgets-addressable }
            roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: widgets-addressable }
            subjects: [{ kind: ServiceAccount, name: mesh, namespace: mesh-system }]
            """);
        await server.KubectlAsync("apply", "-f", file);
        await server.KubectlAsync("wait", "--for=condition=Established", "crd", "services.serving.knative.dev", "widgets.addressables.test.mesh.dev", "--timeout=60s");
    }

    private static string Crd(string name, string group, string kind, string plural) => $$"""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: { name: {{name}} }
        spec:
          group: {{group}}
          names: { kind: {{kind}}, plural: {{plural}} }
          scope: Namespaced
          versions:
            - name: v1
              served: true
              storage: true
              subresources: { status: {} }
              schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }

        """;
}
