using System.Net;
using System.Security.Cryptography.X509Certificates;
using Mesh.Grains.Identity;

namespace Mesh.Tests.Silo.Hosting;

/// <summary>
/// HTTPS ingress from Kestrel's standard certificate settings: the mesh listens with TLS, advertises
/// https:// addresses and issuer, and takes events over it.
/// </summary>
public sealed class HttpsIngressTests : IAsyncLifetime
{
    private readonly X509Certificate2 _authority = TestCertificates.CreateAuthority("mesh-ingress-ca");
    private readonly DirectoryInfo _certificates = Directory.CreateTempSubdirectory("mesh-tls-");
    private MeshHost _mesh = null!;
    private RecordingSubscriber _subscriber = null!;

    public async Task InitializeAsync()
    {
        var (certificate, key) = TestCertificates.WritePem(TestCertificates.IssueServer(_authority), _certificates.FullName);
        _subscriber = await RecordingSubscriber.StartAsync();
        _mesh = await MeshHost.StartAsync(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = certificate,
            ["Kestrel:Endpoints:Https:Certificate:KeyPath"] = key,
        }, handler: TestCertificates.TrustingOnly(_authority));
    }

    [Fact]
    public async Task The_mesh_serves_https_advertises_https_addresses_and_takes_events_over_tls()
    {
        _mesh.BaseAddress.Scheme.ShouldBe("https");
        var scenario = await BrokerScenario.StartAsync(_mesh, _subscriber, "https-ingress");
        var broker = await _mesh.WaitReadyAsync("/apis/eventing.knative.dev/v1/namespaces/https-ingress/brokers/default");
        ((string?)broker["status"]!["address"]!["url"]).ShouldBe($"https://127.0.0.1:{_mesh.BaseAddress.Port}/https-ingress/default");
        ((string?)broker["status"]!["address"]!["name"]).ShouldBe("https");

        (await scenario.SendAsync(CloudEventRequests.Binary("over-https"))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await scenario.WaitForAsync("over-https");

        var discovery = JsonNode.Parse(await _mesh.Http.GetStringAsync(MeshIssuer.DiscoveryPath))!;
        ((string?)discovery["issuer"]).ShouldBe($"https://127.0.0.1:{_mesh.BaseAddress.Port}");
    }

    [Fact]
    public async Task Plain_http_is_not_served_beside_it()
    {
        using var plain = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_mesh.BaseAddress.Port}") };
        await Should.ThrowAsync<HttpRequestException>(() => plain.GetAsync("/healthz"));
    }

    public async Task DisposeAsync()
    {
        await _mesh.DisposeAsync();
        await _subscriber.DisposeAsync();
        _certificates.Delete(recursive: true);
    }
}
