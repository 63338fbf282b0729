using System.Net;
using Mesh.Tests.Kubernetes;

namespace Mesh.Tests.Silo.Listeners;

/// <summary>Kubernetes mode: no resource API at all; the dashboard on a loopback admin port the Service does not expose.</summary>
[Collection(KubernetesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class KubernetesModeListenerTests(KubernetesApiServer server) : IAsyncLifetime
{
    private MeshHost? _mesh;
    private int _adminPort;

    // Null only where the API server cannot run, and then every test here is skipped.
    private MeshHost Mesh => _mesh!;

    public async Task InitializeAsync()
    {
        if (KubernetesBinaries.MissingReason is not null) return;
        var ns = await server.Objects.CreateNamespaceAsync();
        _adminPort = FreePort.Next();
        _mesh = await KubernetesMesh.StartAsync(server, ns, overrides: new Dictionary<string, string?>
        {
            ["Mesh:AdminUrls"] = $"http://127.0.0.1:{_adminPort}",
            ["Mesh:Dashboard"] = "true",
        });
    }

    public async Task DisposeAsync()
    {
        if (_mesh is not null) await _mesh.DisposeAsync();
    }

    [KubernetesTheory]
    [InlineData("GET", "/apis")]
    [InlineData("GET", "/apis/eventing.knative.dev/v1")]
    [InlineData("GET", "/apis/eventing.knative.dev/v1/namespaces/default/brokers")]
    [InlineData("GET", "/apis/eventing.knative.dev/v1/brokers")]
    [InlineData("PUT", "/apis/eventing.knative.dev/v1/namespaces/default/brokers/b")]
    [InlineData("DELETE", "/api/v1/namespaces/default/secrets/s")]
    [InlineData("GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles")]
    [InlineData("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")]
    public async Task The_resource_API_paths_answer_404_on_the_data_plane_port(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "PUT" or "POST") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");

        (await Mesh.Http.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [KubernetesFact]
    public async Task The_dashboard_is_on_the_loopback_admin_port_and_not_on_the_data_plane_port()
    {
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_adminPort}") };

        (await admin.GetAsync("/dashboard/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PostAsync("/default/default", new StringContent("{}"))).StatusCode.ShouldBe(HttpStatusCode.NotFound, "ingress is not served on the admin port");
        (await Mesh.Http.GetAsync("/dashboard/")).IsSuccessStatusCode.ShouldBeFalse();
        (await Mesh.Http.GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Mesh.Http.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
