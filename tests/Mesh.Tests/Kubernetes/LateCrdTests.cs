using k8s;
using Mesh.Operator.Kinds.Broker;
using Mesh.Operator.Kinds.Trigger;
using Mesh.Operator.Resources;

namespace Mesh.Tests.Kubernetes;

/// <summary>A ref to a kind whose CRD is installed after the mesh started resolves once the CRD and the object appear, with no restart.</summary>
[Collection(KubernetesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class LateCrdTests(KubernetesApiServer server)
{
    [KubernetesFact]
    public async Task A_ref_that_was_NotFound_for_want_of_a_CRD_resolves_once_the_CRD_and_the_object_appear()
    {
        var group = $"late{Guid.NewGuid():N}"[..12] + ".test.mesh.dev";
        var sprocket = new ResourceKind(group, "v1", "Sprocket", "sprockets", [], []);
        var ns = await server.Objects.CreateNamespaceAsync();
        await using var subscriber = await RecordingSubscriber.StartAsync();
        await using var mesh = await KubernetesMesh.StartAsync(server, ns);
        await server.Objects.CreateAsync(BrokerKind.Resource, ns, KubernetesMesh.Broker());
        await server.Objects.CreateAsync(TriggerKind.Resource, ns, $$"""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: t1 }
            spec:
              broker: default
              subscriber: { ref: { apiVersion: {{group}}/v1, kind: Sprocket, name: s1 } }
            """);
        await Eventually.TrueAsync(async () => SubscriberMessage(await server.Objects.GetAsync(TriggerKind.Resource, ns, "t1")) is { } m
            && m.Contains($"the cluster serves no kind Sprocket in {group}/v1"), "the trigger to say the kind is not served");

        await InstallAsync(group);
        await server.Objects.CreateAsync(sprocket, ns, $"apiVersion: {group}/v1\nkind: Sprocket\nmetadata: {{ name: s1 }}\nspec: {{}}\n");
        var obj = (await server.Objects.GetAsync(sprocket, ns, "s1"))!;
        obj["status"] = new JsonObject { ["address"] = new JsonObject { ["url"] = subscriber.Url.ToString() } };
        await server.Admin.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<JsonObject>(obj, group, "v1", ns, "sprockets", "s1");

        var ready = await server.Objects.WaitReadyAsync(TriggerKind.Resource, ns, "t1");
        ((string?)ready["status"]!["subscriberUri"]).ShouldBe(subscriber.Url.ToString());
        await KubernetesMesh.SendAsync(mesh, ns, "default", "e1");
        await subscriber.WaitForCountAsync(1);
    }

    private static string? SubscriberMessage(JsonObject? trigger) =>
        (string?)(trigger?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "SubscriberResolved")?["message"];

    // The CRD, and the ClusterRole a user binds to the mesh's ServiceAccount so that it may read the kind (docs/kubernetes.md).
    private async Task InstallAsync(string group)
    {
        var file = Path.Combine(server.Directory, $"{group}.yaml");
        await File.WriteAllTextAsync(file, $$"""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: { name: sprockets.{{group}} }
            spec:
              group: {{group}}
              names: { kind: Sprocket, plural: sprockets }
              scope: Namespaced
              versions:
                - name: v1
                  served: true
                  storage: true
                  subresources: { status: {} }
                  schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: { name: {{group}}-addressable }
            rules: [{ apiGroups: [{{group}}], resources: [sprockets], verbs: [get, list, watch] }]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: { name: mesh-{{group}}-addressable }
            roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: {{group}}-addressable }
            subjects: [{ kind: ServiceAccount, name: mesh, namespace: mesh-system }]
            """);
        await server.KubectlAsync("apply", "-f", file);
        await server.KubectlAsync("wait", "--for=condition=Established", "crd", $"sprockets.{group}", "--timeout=60s");
    }
}
