using k8s;
using k8s.Models;
using Mesh.Operator.Kinds.ApiServerSource;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Tests.Kubernetes;

/// <summary>
/// ApiServerSource on the real API server: ConfigMaps chosen by a label selector become Knative's
/// CloudEvents at a real subscriber, in both modes, once the source's ServiceAccount may watch them.
/// </summary>
[Collection(KubernetesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class ApiServerSourceTests(KubernetesApiServer server)
{
    [KubernetesFact]
    public async Task Reference_mode_sends_add_update_and_delete_of_the_selected_ConfigMaps_as_references()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        await using var sink = await RecordingSubscriber.StartAsync();
        await using var mesh = await KubernetesMesh.StartAsync(server, ns);
        await GrantConfigMapsAsync(ns, "watcher");
        await server.Objects.CreateAsync(ApiServerSourceKind.Resource, ns, SourceYaml("refs", "watcher", sink.Url, mode: null));
        var ready = await server.Objects.WaitReadyAsync(ApiServerSourceKind.Resource, ns, "refs");
        ((string?)ready["status"]!["sinkUri"]).ShouldBe(sink.Url.ToString());
        ConditionOf(ready, "SufficientPermissions")["status"]!.ToString().ShouldBe("True");
        await WaitWatchingAsync(mesh, ns, "refs");

        await CreateConfigMapAsync(ns, "unlabelled", labelled: false);
        await CreateConfigMapAsync(ns, "cm1", labelled: true);
        await sink.WaitForCountAsync(1);
        await UpdateConfigMapAsync(ns, "cm1");
        await server.Admin.CoreV1.DeleteNamespacedConfigMapAsync("cm1", ns);
        await sink.WaitForCountAsync(3);

        var events = sink.Received;
        events.Select(e => e.Ce("type")).ShouldBe(["dev.knative.apiserver.ref.add", "dev.knative.apiserver.ref.update", "dev.knative.apiserver.ref.delete"]);
        events.ShouldAllBe(e => e.Ce("subject") == $"/apis/v1/namespaces/{ns}/configmaps/cm1", "the unlabelled ConfigMap was sent, or a subject is wrong");
        events.ShouldAllBe(e => e.Ce("source") == server.Url.ToString().TrimEnd('/'));
        events.Select(e => e.Ce("id")).Distinct().Count().ShouldBe(3);
        var data = JsonNode.Parse(events[0].Body)!.AsObject();
        ((string?)data["apiVersion"]).ShouldBe("v1");
        ((string?)data["kind"]).ShouldBe("ConfigMap");
        ((string?)data["name"]).ShouldBe("cm1");
        ((string?)data["namespace"]).ShouldBe(ns);
        data["data"].ShouldBeNull("Reference mode sends a reference, not the object");
    }

    [KubernetesFact]
    public async Task Resource_mode_sends_the_whole_object_with_the_ce_overrides()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        await using var sink = await RecordingSubscriber.StartAsync();
        await using var mesh = await KubernetesMesh.StartAsync(server, ns);
        await GrantConfigMapsAsync(ns, "watcher");
        await server.Objects.CreateAsync(ApiServerSourceKind.Resource, ns, SourceYaml("whole", "watcher", sink.Url, mode: "Resource"));
        await server.Objects.WaitReadyAsync(ApiServerSourceKind.Resource, ns, "whole");
        await WaitWatchingAsync(mesh, ns, "whole");

        await CreateConfigMapAsync(ns, "cm1", labelled: true);
        await sink.WaitForCountAsync(1);
        await UpdateConfigMapAsync(ns, "cm1");
        await sink.WaitForCountAsync(2);
        await server.Admin.CoreV1.DeleteNamespacedConfigMapAsync("cm1", ns);
        await sink.WaitForCountAsync(3);

        var events = sink.Received;
        events.Select(e => e.Ce("type")).ShouldBe(["dev.knative.apiserver.resource.add", "dev.knative.apiserver.resource.update", "dev.knative.apiserver.resource.delete"]);
        events.ShouldAllBe(e => e.Ce("team") == "mesh");
        var updated = JsonNode.Parse(events[1].Body)!.AsObject();
        ((string?)updated["metadata"]!["name"]).ShouldBe("cm1");
        ((string?)updated["data"]!["colour"]).ShouldBe("blue", "the update carries the object as it is after the change");
        ((string?)JsonNode.Parse(events[0].Body)!["data"]!["colour"]).ShouldBe("red");
    }

    [KubernetesFact]
    public async Task A_ServiceAccount_without_RBAC_gets_SufficientPermissions_False_and_nothing_is_sent_until_a_RoleBinding_grants_it()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        await using var sink = await RecordingSubscriber.StartAsync();
        await using var mesh = await KubernetesMesh.StartAsync(server, ns);
        await server.Admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "nobody" } }, ns);
        await server.Objects.CreateAsync(ApiServerSourceKind.Resource, ns, SourceYaml("denied", "nobody", sink.Url, mode: "Resource"));

        var denied = await server.Objects.WaitReadyAsync(ApiServerSourceKind.Resource, ns, "denied", "False");
        var permissions = ConditionOf(denied, "SufficientPermissions");
        ((string?)permissions["status"]).ShouldBe("False");
        ((string?)permissions["message"]).ShouldBe($"system:serviceaccount:{ns}:nobody may not get, list, watch configmaps in namespace {ns}");
        ((string?)ConditionOf(denied, "Deployed")["status"]).ShouldBe("False");
        await CreateConfigMapAsync(ns, "early", labelled: true);
        await UpdateConfigMapAsync(ns, "early");

        await GrantConfigMapsAsync(ns, "nobody", createAccount: false);
        await server.Objects.WaitReadyAsync(ApiServerSourceKind.Resource, ns, "denied");
        await WaitWatchingAsync(mesh, ns, "denied");
        await CreateConfigMapAsync(ns, "sentinel", labelled: true);
        await Eventually.TrueAsync(() => sink.Received.Any(e => e.Ce("subject")!.EndsWith("/sentinel", StringComparison.Ordinal)), "the sentinel's add");

        // While denied, the create and the update were not watched: the first list reports the ConfigMap once, as it is.
        var early = sink.Received.Where(e => e.Ce("subject")!.EndsWith("/early", StringComparison.Ordinal)).ToList();
        early.Select(e => e.Ce("type")).ShouldBe(["dev.knative.apiserver.resource.add"]);
        ((string?)JsonNode.Parse(early[0].Body)!["data"]!["colour"]).ShouldBe("blue");
    }

    [KubernetesFact]
    public async Task A_kind_the_mesh_itself_may_not_watch_is_not_watched_and_the_status_says_so()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        await using var mesh = await KubernetesMesh.StartAsync(server, ns);
        await server.Admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "claims" } }, ns);
        await server.Admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role
        {
            Metadata = new V1ObjectMeta { Name = "claims" },
            Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["persistentvolumeclaims"], Verbs = ["get", "list", "watch"] }],
        }, ns);
        await server.Admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "claims" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "claims" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "claims", NamespaceProperty = ns }],
        }, ns);
        await server.Objects.CreateAsync(ApiServerSourceKind.Resource, ns, """
            apiVersion: sources.knative.dev/v1
            kind: ApiServerSource
            metadata: { name: claims }
            spec:
              serviceAccountName: claims
              resources: [{ apiVersion: v1, kind: PersistentVolumeClaim }]
              sink: { uri: "http://127.0.0.1:9/" }
            """);

        var waiting = await server.Objects.WaitReadyAsync(ApiServerSourceKind.Resource, ns, "claims", "False");

        ((string?)ConditionOf(waiting, "SufficientPermissions")["status"]).ShouldBe("True");
        var deployed = ConditionOf(waiting, "Deployed");
        ((string?)deployed["reason"]).ShouldBe("MeshNotPermitted");
        ((string?)deployed["message"]).ShouldStartWith($"the mesh's own ServiceAccount may not get, list, watch persistentvolumeclaims in namespace {ns}");
        mesh.Services.GetRequiredService<Mesh.Operator.Kubernetes.ApiServerWatches>()
            .IsSynced(new Mesh.Operator.Resources.ObjectKey(ApiServerSourceKind.Resource, ns, "claims")).ShouldBeFalse();
    }

    [KubernetesFact]
    public async Task A_kind_the_cluster_does_not_serve_is_named_in_the_status()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        await using var mesh = await KubernetesMesh.StartAsync(server, ns);
        await server.Objects.CreateAsync(ApiServerSourceKind.Resource, ns, """
            apiVersion: sources.knative.dev/v1
            kind: ApiServerSource
            metadata: { name: gadgets }
            spec:
              resources: [{ apiVersion: nowhere.test.mesh.dev/v1, kind: Gadget }]
              sink: { uri: "http://127.0.0.1:9/" }
            """);

        var waiting = await server.Objects.WaitReadyAsync(ApiServerSourceKind.Resource, ns, "gadgets", "False");

        var deployed = ConditionOf(waiting, "Deployed");
        ((string?)deployed["reason"]).ShouldBe("ResourceNotFound");
        ((string?)deployed["message"]).ShouldBe("the cluster serves no kind Gadget in nowhere.test.mesh.dev/v1");
        // Without the defaulting webhook (off here) the cluster's object keeps what was declared; the mesh applies Knative's defaults.
        var stored = (await KubernetesMesh.StoredAsync(mesh, ApiServerSourceKind.Resource, ns, "gadgets"))!.Object;
        ((string?)stored["spec"]!["serviceAccountName"]).ShouldBe("default");
        ((string?)stored["spec"]!["mode"]).ShouldBe("Reference");
    }

    [KubernetesFact]
    public async Task After_an_API_server_restart_the_watch_resumes_without_sending_what_was_sent_before()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        await using var sink = await RecordingSubscriber.StartAsync();
        await using var mesh = await KubernetesMesh.StartAsync(server, ns, overrides: KubernetesMesh.Patient);
        await GrantConfigMapsAsync(ns, "watcher");
        await server.Objects.CreateAsync(ApiServerSourceKind.Resource, ns, SourceYaml("resumed", "watcher", sink.Url, mode: null));
        await server.Objects.WaitReadyAsync(ApiServerSourceKind.Resource, ns, "resumed");
        await WaitWatchingAsync(mesh, ns, "resumed");
        await CreateConfigMapAsync(ns, "before", labelled: true);
        await sink.WaitForCountAsync(1);

        try
        {
            await server.StopAsync();
        }
        finally
        {
            await server.StartAsync();
        }
        await CreateConfigMapAsync(ns, "after", labelled: true);
        await sink.WaitForCountAsync(2, TimeSpan.FromSeconds(60));

        sink.Received.Select(e => (e.Ce("type"), e.Ce("subject")![(e.Ce("subject")!.LastIndexOf('/') + 1)..]))
            .ShouldBe([("dev.knative.apiserver.ref.add", "before"), ("dev.knative.apiserver.ref.add", "after")]);
    }

    private static string SourceYaml(string name, string account, Uri sink, string? mode) => $$"""
        apiVersion: sources.knative.dev/v1
        kind: ApiServerSource
        metadata: { name: {{name}} }
        spec:
          {{(mode is null ? "" : $"mode: {mode}")}}
          serviceAccountName: {{account}}
          resources:
            - apiVersion: v1
              kind: ConfigMap
              selector: { matchLabels: { app: watched } }
          sink: { uri: "{{sink}}" }
          ceOverrides: { extensions: { team: mesh } }
        """;

    /// <summary>The watches start right after Ready is written; a change before their first list would arrive as an add.</summary>
    private static Task WaitWatchingAsync(MeshHost mesh, string ns, string name) =>
        Eventually.TrueAsync(() => mesh.Services.GetRequiredService<Mesh.Operator.Kubernetes.ApiServerWatches>()
            .IsSynced(new Mesh.Operator.Resources.ObjectKey(ApiServerSourceKind.Resource, ns, name)), $"the watches of {ns}/{name} to have listed");

    private async Task GrantConfigMapsAsync(string ns, string account, bool createAccount = true)
    {
        if (createAccount)
            await server.Admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = account } }, ns);
        await server.Admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role
        {
            Metadata = new V1ObjectMeta { Name = $"{account}-configmaps" },
            Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["configmaps"], Verbs = ["get", "list", "watch"] }],
        }, ns);
        await server.Admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = $"{account}-configmaps" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = $"{account}-configmaps" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = account, NamespaceProperty = ns }],
        }, ns);
    }

    private Task<V1ConfigMap> CreateConfigMapAsync(string ns, string name, bool labelled) =>
        server.Admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = labelled ? new Dictionary<string, string> { ["app"] = "watched" } : null },
            Data = new Dictionary<string, string> { ["colour"] = "red" },
        }, ns);

    private async Task UpdateConfigMapAsync(string ns, string name)
    {
        var map = await server.Admin.CoreV1.ReadNamespacedConfigMapAsync(name, ns);
        map.Data["colour"] = "blue";
        await server.Admin.CoreV1.ReplaceNamespacedConfigMapAsync(map, name, ns);
    }

    private static JsonObject ConditionOf(JsonObject obj, string type) =>
        obj["status"]!["conditions"]!.AsArray().OfType<JsonObject>().Single(c => (string?)c["type"] == type);
}
