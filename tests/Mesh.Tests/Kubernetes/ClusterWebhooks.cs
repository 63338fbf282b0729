using k8s;
using k8s.Models;
using Mesh.Tests.Deploy;

namespace Mesh.Tests.Kubernetes;

/// <summary>
/// The webhook configurations of <c>deploy/base/600-webhooks.yaml</c> registered on the test API
/// server as a user would for a mesh outside the cluster: a URL <c>clientConfig</c> on loopback, no
/// <c>caBundle</c> (the mesh writes it), and a namespace selector narrowed to one test namespace so
/// that the other tests' objects are never sent. Removed on dispose.
/// </summary>
public sealed class ClusterWebhooks : IAsyncDisposable
{
    public const string Mutating = "defaulting.webhook.mesh.dev";
    public const string Validating = "validation.webhook.mesh.dev";
    private const string TestLabel = "mesh.dev/webhook-test";

    private readonly IKubernetes _admin;

    private ClusterWebhooks(IKubernetes admin) => _admin = admin;

    public static async Task<ClusterWebhooks> RegisterAsync(KubernetesApiServer server, string ns, int port)
    {
        await server.Admin.CoreV1.PatchNamespaceAsync(
            new V1Patch(new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { [TestLabel] = ns } } }.ToJsonString(), V1Patch.PatchType.MergePatch), ns);
        var documents = DeployFiles.Documents(DeployFiles.Full("base/600-webhooks.yaml"));
        var registered = new ClusterWebhooks(server.Admin);
        foreach (var document in documents)
        {
            foreach (var hook in document["webhooks"]!.AsArray().OfType<JsonObject>())
            {
                var path = (string)hook["clientConfig"]!["service"]!["path"]!;
                hook["clientConfig"] = new JsonObject { ["url"] = $"https://127.0.0.1:{port}{path}" };
                hook["namespaceSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { [TestLabel] = ns } };
            }
            if ((string?)document["kind"] == "MutatingWebhookConfiguration")
                await server.Admin.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync(KubernetesJson.Deserialize<V1MutatingWebhookConfiguration>(document.ToJsonString()));
            else
                await server.Admin.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(KubernetesJson.Deserialize<V1ValidatingWebhookConfiguration>(document.ToJsonString()));
        }
        return registered;
    }

    /// <summary>The caBundles of the two configurations, as PEM text (empty where none is set).</summary>
    public async Task<(string Mutating, string Validating)> CaBundlesAsync()
    {
        var mutating = await _admin.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync(Mutating);
        var validating = await _admin.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync(Validating);
        return (Text(mutating.Webhooks.Single().ClientConfig.CaBundle), Text(validating.Webhooks.Single().ClientConfig.CaBundle));
    }

    public async ValueTask DisposeAsync()
    {
        await _admin.AdmissionregistrationV1.DeleteMutatingWebhookConfigurationAsync(Mutating);
        await _admin.AdmissionregistrationV1.DeleteValidatingWebhookConfigurationAsync(Validating);
    }

    private static string Text(byte[]? bytes) => bytes is null ? "" : System.Text.Encoding.ASCII.GetString(bytes);
}
