using Mesh.Operator.Kubernetes;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Tests.Kubernetes;

/// <summary>
/// A mesh in Kubernetes mode against the real API server, as the operator's ServiceAccount, watching
/// one namespace of the test's own, with a Lease of that namespace's name. By default the Lease is
/// short, so that failover is quick; <see cref="Patient"/> keeps it through an API-server restart.
/// </summary>
public static class KubernetesMesh
{
    /// <summary>Lease timings under which a leader keeps its Lease through an API-server restart or a cut connection.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Patient = new Dictionary<string, string?>
    {
        ["Mesh:Kubernetes:LeaseDuration"] = "00:01:30",
        ["Mesh:Kubernetes:RenewDeadline"] = "00:01:00",
        ["Mesh:Kubernetes:RetryPeriod"] = "00:00:01",
    };

    public static Dictionary<string, string?> Settings(KubernetesApiServer server, string ns, string identity) => new()
    {
        ["Mesh:Operator:Mode"] = "Kubernetes",
        // Not the default 127.0.0.1:8081: several meshes run at once in the tests.
        ["Mesh:AdminUrls"] = $"http://127.0.0.1:{FreePort.Next()}",
        ["Mesh:Kubernetes:Url"] = server.Url.ToString(),
        ["Mesh:Kubernetes:Token"] = server.OperatorToken,
        ["Mesh:Kubernetes:CertificateAuthority"] = server.CaFile,
        ["Mesh:Kubernetes:Namespace"] = ns,
        ["Mesh:Kubernetes:LeaseName"] = $"mesh-{ns}",
        ["Mesh:Kubernetes:Identity"] = identity,
        ["Mesh:Kubernetes:LeaseDuration"] = "00:00:03",
        ["Mesh:Kubernetes:RenewDeadline"] = "00:00:02",
        ["Mesh:Kubernetes:RetryPeriod"] = "00:00:00.250",
        // Off unless a test registers the webhooks (AdmissionWebhookTests): several meshes run at
        // once here, and an unregistered webhook port would only be one more listener to collide.
        ["Mesh:Kubernetes:Webhook:Enabled"] = "false",
    };

    /// <param name="overrides">Settings over <see cref="Settings"/>; a null value removes one.</param>
    public static Task<MeshHost> StartAsync(KubernetesApiServer server, string ns, string identity = "solo",
        IReadOnlyDictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null, bool waitUntilReady = true)
    {
        var settings = Settings(server, ns, identity);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            if (value is null) settings.Remove(key);
            else settings[key] = value;
        return MeshHost.StartAsync(settings, services: services, waitUntilReady: waitUntilReady);
    }

    public static bool IsLeader(MeshHost host) => host.Services.GetRequiredService<KubernetesOperator>().IsLeader;

    /// <summary>What the mesh itself holds for an object (its store), whatever the cluster says.</summary>
    public static Task<Declaration?> StoredAsync(MeshHost host, ResourceKind kind, string ns, string name) =>
        host.Services.GetRequiredService<DeclarationStore>().GetAsync(new ObjectKey(kind, ns, name));

    /// <summary>Sends one binary-mode event to a broker's ingress and expects 202.</summary>
    public static async Task SendAsync(MeshHost mesh, string ns, string broker, string id, string type = "dev.mesh.test")
    {
        var request = CloudEventRequests.Binary(id, headers: ("ce-type", type));
        request.RequestUri = new Uri(mesh.BaseAddress, $"/{ns}/{broker}");
        var response = await mesh.Http.SendAsync(request);
        ((int)response.StatusCode).ShouldBe(202);
    }

    public static string Broker(string name = "default", string? brokerClass = null) => $$"""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata:
          name: {{name}}
        {{(brokerClass is null ? "" : $"  annotations: {{ eventing.knative.dev/broker.class: {brokerClass} }}")}}
        """;

    public static string Trigger(string name, Uri subscriber, string broker = "default", string type = "dev.mesh.test") => $$"""
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: { name: {{name}} }
        spec:
          broker: {{broker}}
          filter: { attributes: { type: {{type}} } }
          subscriber: { uri: "{{subscriber}}" }
        """;
}
