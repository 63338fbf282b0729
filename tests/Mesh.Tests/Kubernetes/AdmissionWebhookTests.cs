using k8s;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using k8s.Autorest;
using Mesh.Operator.Kinds.Broker;
using Mesh.Operator.Kinds.PingSource;
using Mesh.Operator.Kinds.Trigger;

namespace Mesh.Tests.Kubernetes;

/// <summary>
/// The real API server calls the mesh's defaulting and validating webhooks (registered with a URL on
/// loopback, the caBundle left for the mesh to write): defaults land on the stored object, refused
/// writes get the API server's 4xx with the field path and never reach routing, and objects of
/// another broker class pass untouched.
/// </summary>
[Collection(KubernetesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class AdmissionWebhookTests(KubernetesApiServer server)
{
    private const string SecretNamespace = "mesh-system";
    private const string SecretName = "mesh-webhook-certs";

    [KubernetesFact]
    public async Task Refused_creates_and_updates_get_the_API_servers_400_with_the_field_path_and_never_reach_routing()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        var port = FreePort.Next();
        await using var subscriber = await RecordingSubscriber.StartAsync();
        await using var mesh = await KubernetesMesh.StartAsync(server, ns, overrides: WebhookSettings(port));
        await using var webhooks = await ClusterWebhooks.RegisterAsync(server, ns, port);
        await CaBundleWrittenAsync(webhooks);

        var broker = await CreateOnceTheWebhooksAnswerAsync(BrokerKind.Resource, ns, KubernetesMesh.Broker());
        ((string?)broker["metadata"]!["annotations"]?[BrokerClass.Annotation]).ShouldBe("Mesh", "the defaulting webhook sets the class on the stored object");
        await server.Objects.CreateAsync(TriggerKind.Resource, ns, KubernetesMesh.Trigger("t1", subscriber.Url));
        await server.Objects.WaitReadyAsync(TriggerKind.Resource, ns, "t1");

        var moved = await RefusedAsync(() => server.Objects.UpdateAsync(TriggerKind.Resource, ns, "t1", t => t["spec"]!["broker"] = "elsewhere"));
        var twoDialects = await RefusedAsync(() => server.Objects.CreateAsync(TriggerKind.Resource, ns, TriggerWithFilters("two-dialects", "[{ exact: { type: a }, prefix: { type: b } }]")));
        var badCesql = await RefusedAsync(() => server.Objects.CreateAsync(TriggerKind.Resource, ns, TriggerWithFilters("bad-cesql", "[{ cesql: \"type = \" }]")));
        var reclassed = await RefusedAsync(() => server.Objects.UpdateAsync(BrokerKind.Resource, ns, "default",
            b => b["metadata"]!["annotations"]![BrokerClass.Annotation] = "MTChannelBasedBroker"));

        moved.ShouldContain("spec.broker");
        moved.ShouldContain("immutable");
        twoDialects.ShouldContain("spec.filters[0]");
        twoDialects.ShouldContain("exactly one of");
        badCesql.ShouldContain("spec.filters[0]");
        reclassed.ShouldContain("metadata.annotations");

        var ping = await server.Objects.CreateAsync(PingSourceKind.Resource, ns, PingSource("ping", "data: hello"));
        ((string?)ping["spec"]!["schedule"]).ShouldBe(PingSourceKind.DefaultSchedule, "the defaulting webhook sets the schedule");
        var both = await RefusedAsync(() => server.Objects.CreateAsync(PingSourceKind.Resource, ns, PingSource("both", "schedule: '0 * * * *', data: hello, dataBase64: aGVsbG8=")));
        both.ShouldContain("spec.dataBase64");

        // The sentinel: a valid trigger written after the refused ones is reconciled; none of them was.
        await server.Objects.CreateAsync(TriggerKind.Resource, ns, KubernetesMesh.Trigger("sentinel", subscriber.Url, type: "dev.mesh.sentinel"));
        await server.Objects.WaitReadyAsync(TriggerKind.Resource, ns, "sentinel");
        (await server.Objects.GetAsync(PingSourceKind.Resource, ns, "both")).ShouldBeNull();
        (await KubernetesMesh.StoredAsync(mesh, PingSourceKind.Resource, ns, "both")).ShouldBeNull();
        foreach (var name in new[] { "two-dialects", "bad-cesql" })
        {
            (await server.Objects.GetAsync(TriggerKind.Resource, ns, name)).ShouldBeNull($"{name} was stored");
            (await KubernetesMesh.StoredAsync(mesh, TriggerKind.Resource, ns, name)).ShouldBeNull($"{name} reached the mesh");
        }
        ((string?)(await KubernetesMesh.StoredAsync(mesh, TriggerKind.Resource, ns, "t1"))!.Spec["broker"]).ShouldBe("default");
        ((string?)(await server.Objects.GetAsync(BrokerKind.Resource, ns, "default"))!["metadata"]!["annotations"]![BrokerClass.Annotation]).ShouldBe("Mesh");
        await KubernetesMesh.SendAsync(mesh, ns, "default", "e1");
        await subscriber.WaitForCountAsync(1);
        subscriber.Received[0].Ce("id").ShouldBe("e1");
    }

    [KubernetesFact]
    public async Task A_broker_of_another_class_and_its_triggers_pass_the_webhooks_unchanged_even_where_the_mesh_would_refuse_them()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        var port = FreePort.Next();
        await using var mesh = await KubernetesMesh.StartAsync(server, ns, overrides: WebhookSettings(port));
        await using var webhooks = await ClusterWebhooks.RegisterAsync(server, ns, port);
        await CaBundleWrittenAsync(webhooks);

        var knative = await CreateOnceTheWebhooksAnswerAsync(BrokerKind.Resource, ns, KubernetesMesh.Broker("knative", "MTChannelBasedBroker"));
        var trigger = await server.Objects.CreateAsync(TriggerKind.Resource, ns, TriggerWithFilters("on-knative", "[{ exact: { type: a }, prefix: { type: b } }]", "knative"));
        // Immutable for a Mesh broker, but this one is Knative's to judge.
        var reclassed = await server.Objects.UpdateAsync(BrokerKind.Resource, ns, "knative", b => b["metadata"]!["annotations"]![BrokerClass.Annotation] = "Kafka");
        await server.Objects.CreateAsync(BrokerKind.Resource, ns, KubernetesMesh.Broker("kafka", "Kafka"));
        var moved = await server.Objects.UpdateAsync(TriggerKind.Resource, ns, "on-knative", t => t["spec"]!["broker"] = "kafka");

        // Admission of a Mesh broker adds an empty spec; none was patched into this one.
        knative["spec"].ShouldBeNull($"the broker was patched: {knative.ToJsonString()}");
        ((JsonObject)knative["metadata"]!["annotations"]!).Count.ShouldBe(1);
        ((JsonArray)trigger["spec"]!["filters"]!).Count.ShouldBe(1);
        ((string?)reclassed["metadata"]!["annotations"]![BrokerClass.Annotation]).ShouldBe("Kafka");
        ((string?)moved["spec"]!["broker"]).ShouldBe("kafka");
    }

    [KubernetesFact]
    public async Task The_serving_certificate_is_kept_in_a_Secret_and_served_again_after_a_restart()
    {
        var ns = await server.Objects.CreateNamespaceAsync();
        var firstPort = FreePort.Next();
        string before;
        X509Certificate2 servedFirst;
        await using (var first = await KubernetesMesh.StartAsync(server, ns, overrides: WebhookSettings(firstPort)))
        {
            servedFirst = await ServedCertificateAsync(firstPort);
            before = (await server.Admin.CoreV1.ReadNamespacedSecretAsync(SecretName, SecretNamespace)).Metadata.ResourceVersion;
        }
        var secondPort = FreePort.Next();
        await using var second = await KubernetesMesh.StartAsync(server, ns, overrides: WebhookSettings(secondPort));
        var servedSecond = await ServedCertificateAsync(secondPort);

        var secret = await server.Admin.CoreV1.ReadNamespacedSecretAsync(SecretName, SecretNamespace);
        secret.Metadata.ResourceVersion.ShouldBe(before, "the Secret was written again on restart");
        servedSecond.Thumbprint.ShouldBe(servedFirst.Thumbprint);
        using var stored = X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(secret.Data["server-cert.pem"]));
        servedSecond.Thumbprint.ShouldBe(stored.Thumbprint);
        using var ca = X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(secret.Data["ca-cert.pem"]));
        ChainsTo(servedSecond, ca).ShouldBeTrue("the served certificate is not signed by the Secret's CA");
        secret.Data.ContainsKey("ca-key.pem").ShouldBeFalse();
    }

    private static Dictionary<string, string?> WebhookSettings(int port) => new()
    {
        ["Mesh:Kubernetes:Webhook:Enabled"] = "true",
        ["Mesh:Kubernetes:Webhook:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mesh:Kubernetes:Webhook:ExtraNames"] = "127.0.0.1",
    };

    private async Task CaBundleWrittenAsync(ClusterWebhooks webhooks)
    {
        var last = ("", "");
        await Eventually.TrueAsync(async () =>
        {
            last = await webhooks.CaBundlesAsync();
            var secret = await server.Admin.CoreV1.ReadNamespacedSecretAsync(SecretName, SecretNamespace);
            var ca = System.Text.Encoding.ASCII.GetString(secret.Data["ca-cert.pem"]);
            return last.Item1 == ca && last.Item2 == ca;
        }, "the mesh to write its CA into both webhook configurations", () => $"{last.Item1.Length} and {last.Item2.Length} characters of caBundle");
    }

    /// <summary>The API server reads webhook configurations through an informer: the first call may still lack the caBundle.</summary>
    private async Task<JsonObject> CreateOnceTheWebhooksAnswerAsync(Mesh.Operator.Resources.ResourceKind kind, string ns, string yaml)
    {
        JsonObject? created = null;
        var last = "";
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                created = await server.Objects.CreateAsync(kind, ns, yaml);
                return true;
            }
            catch (HttpOperationException e) when (e.Response.Content.Contains("failed calling webhook", StringComparison.Ordinal))
            {
                last = e.Response.Content;
                return false;
            }
        }, "the API server to call the webhooks with the mesh's CA", () => last);
        return created!;
    }

    /// <returns>The message of the API server's refusal, which must come from the mesh's validating webhook.</returns>
    private static async Task<string> RefusedAsync(Func<Task> write)
    {
        var refusal = await Should.ThrowAsync<HttpOperationException>(write);
        ((int)refusal.Response.StatusCode).ShouldBe(400, refusal.Response.Content);
        var status = JsonNode.Parse(refusal.Response.Content)!;
        var message = (string)status["message"]!;
        message.ShouldContain($"admission webhook \"{ClusterWebhooks.Validating}\" denied the request");
        return message;
    }

    private static string TriggerWithFilters(string name, string filters, string broker = "default") => $$"""
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: { name: {{name}} }
        spec:
          broker: {{broker}}
          filters: {{filters}}
          subscriber: { uri: "http://127.0.0.1:9/" }
        """;

    private static string PingSource(string name, string data) => $$"""
        apiVersion: sources.knative.dev/v1
        kind: PingSource
        metadata: { name: {{name}} }
        spec: { sink: { uri: "http://127.0.0.1:9/" }, {{data}} }
        """;

    private static async Task<X509Certificate2> ServedCertificateAsync(int port)
    {
        X509Certificate2? served = null;
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) => certificate is not null);
                await tls.AuthenticateAsClientAsync("127.0.0.1");
                served = new X509Certificate2(tls.RemoteCertificate!);
                return true;
            }
            catch (Exception e) when (e is SocketException or IOException or System.Security.Authentication.AuthenticationException)
            {
                return false;
            }
        }, $"the webhook port {port} to serve a certificate");
        return served!;
    }

    private static bool ChainsTo(X509Certificate2 leaf, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
