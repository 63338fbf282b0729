using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Mesh.Tests.Grains.Identity;

/// <summary>
/// A destination with an audience gets a bearer token for it, signed by the mesh's own issuer,
/// which a subscriber using the standard JwtBearer handler validates through the mesh's discovery
/// document and JWKS.
/// </summary>
public sealed class DeliveryTokenTests : IAsyncLifetime
{
    private const string Audience = "https://orders.example/events";
    private MeshHost _mesh = null!;
    private JwtSubscriber _subscriber = null!;
    private RecordingSubscriber _deadLetters = null!;

    public async Task InitializeAsync()
    {
        _mesh = await MeshHost.StartAsync();
        _subscriber = await JwtSubscriber.StartAsync(_mesh.BaseAddress.ToString().TrimEnd('/'), Audience);
        _deadLetters = await RecordingSubscriber.StartAsync();
        await _mesh.MustApplyAsync("""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: default, namespace: tokens }
            """);
    }

    [Fact]
    public async Task A_subscriber_that_validates_the_mesh_issuer_accepts_its_deliveries_and_the_audience_is_the_destination_audience()
    {
        await ApplyTriggerAsync("authed", $"audience: \"{Audience}\"");
        await _mesh.SendEventAsync("/tokens/default", "t1", "dev.mesh.authed");
        await _mesh.SendEventAsync("/tokens/default", "t2", "dev.mesh.authed");
        await Eventually.TrueAsync(() => _subscriber.Accepted.Count(a => a.Path == "/authed") >= 2, "two authenticated deliveries");

        var (_, claims, token) = _subscriber.Accepted.First(a => a.Path == "/authed");
        claims["aud"].ShouldBe(Audience);
        claims["iss"].ShouldBe(_mesh.BaseAddress.ToString().TrimEnd('/'));
        claims["sub"].ShouldBe("system:serviceaccount:tokens:authed-oidc-eventing.knative.dev-trigger");
        // Reused until shortly before it expires, not signed per delivery.
        _subscriber.Accepted.Where(a => a.Path == "/authed").Select(a => a.Token).Distinct().ShouldHaveSingleItem().ShouldBe(token);
    }

    [Theory]
    [InlineData("wrong-audience", "audience: \"https://someone-else.example\"")]
    [InlineData("no-audience", "")]
    public async Task Deliveries_without_a_token_for_the_subscriber_audience_are_refused(string name, string audience)
    {
        await ApplyTriggerAsync(name, audience, $"delivery: {{ deadLetterSink: {{ uri: \"{_deadLetters.Url}{name}\" }} }}");
        await _mesh.SendEventAsync("/tokens/default", $"{name}-1", $"dev.mesh.{name}");
        await Eventually.TrueAsync(() => _deadLetters.Received.Any(r => r.Path == $"/{name}"), $"the refused delivery at the dead-letter sink");
        ReceivedEvent.From(_deadLetters.Received.First(r => r.Path == $"/{name}"))["knativeerrorcode"].ShouldBe("401");
        _subscriber.Accepted.ShouldNotContain(a => a.Path == $"/{name}");
    }

    [Fact]
    public async Task A_token_signed_by_another_key_is_refused_by_the_same_subscriber()
    {
        using var rsa = RSA.Create(2048);
        var issuer = _mesh.BaseAddress.ToString().TrimEnd('/');
        var jwks = JsonNode.Parse(await _mesh.Http.GetStringAsync("/openid/v1/jwks"))!;
        var kid = (string)jwks["keys"]![0]!["kid"]!;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var forged = Sign(rsa, new JsonObject { ["alg"] = "RS256", ["kid"] = kid, ["typ"] = "JWT" },
            new JsonObject { ["iss"] = issuer, ["aud"] = Audience, ["sub"] = "intruder", ["iat"] = now, ["nbf"] = now, ["exp"] = now + 600 });
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_subscriber.Url, "forged")) { Content = new StringContent("{}") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", forged);
        (await http.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        _subscriber.Accepted.ShouldNotContain(a => a.Path == "/forged");
    }

    [Fact]
    public async Task The_mesh_serves_a_discovery_document_and_jwks_for_its_issuer()
    {
        var issuer = _mesh.BaseAddress.ToString().TrimEnd('/');
        var discovery = JsonNode.Parse(await _mesh.Http.GetStringAsync("/.well-known/openid-configuration"))!;
        ((string?)discovery["issuer"]).ShouldBe(issuer);
        ((string?)discovery["jwks_uri"]).ShouldBe(issuer + "/openid/v1/jwks");
        var key = JsonNode.Parse(await _mesh.Http.GetStringAsync("/openid/v1/jwks"))!["keys"]![0]!;
        ((string?)key["kty"]).ShouldBe("RSA");
        ((string?)key["alg"]).ShouldBe("RS256");
        key["d"].ShouldBeNull("the JWKS must never carry the private key");
    }

    [Fact]
    public async Task Brokers_and_channels_advertise_their_audience_and_a_ref_to_them_carries_it()
    {
        var broker = await _mesh.WaitReadyAsync("/apis/eventing.knative.dev/v1/namespaces/tokens/brokers/default");
        ((string?)broker["status"]!["address"]!["audience"]).ShouldBe("eventing.knative.dev/broker/tokens/default");
        await _mesh.MustApplyAsync("""
            apiVersion: messaging.knative.dev/v1
            kind: InMemoryChannel
            metadata: { name: orders-in, namespace: tokens }
            """);
        var channel = await _mesh.WaitReadyAsync("/apis/messaging.knative.dev/v1/namespaces/tokens/inmemorychannels/orders-in");
        ((string?)channel["status"]!["address"]!["audience"]).ShouldBe("messaging.knative.dev/inmemorychannel/tokens/orders-in");

        await _mesh.MustApplyAsync("""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: to-channel, namespace: tokens }
            spec:
              broker: default
              subscriber: { ref: { apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel, name: orders-in } }
            """);
        var trigger = await _mesh.WaitReadyAsync("/apis/eventing.knative.dev/v1/namespaces/tokens/triggers/to-channel");
        ((string?)trigger["status"]!["subscriberAudience"]).ShouldBe("messaging.knative.dev/inmemorychannel/tokens/orders-in");
    }

    [Fact]
    public async Task The_signing_key_survives_a_restart()
    {
        var before = (string)JsonNode.Parse(await _mesh.Http.GetStringAsync("/openid/v1/jwks"))!["keys"]![0]!["kid"]!;
        await _mesh.RestartAsync();
        var after = (string)JsonNode.Parse(await _mesh.Http.GetStringAsync("/openid/v1/jwks"))!["keys"]![0]!["kid"]!;
        after.ShouldBe(before);
    }

    private async Task ApplyTriggerAsync(string name, string audience, string extra = "")
    {
        await _mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: {{name}}, namespace: tokens }
            spec:
              broker: default
              filter: { attributes: { type: dev.mesh.{{name}} } }
              subscriber: { uri: "{{_subscriber.Url}}{{name}}"{{(audience.Length > 0 ? ", " + audience : "")}} }
              {{extra}}
            """);
        await _mesh.WaitReadyAsync($"/apis/eventing.knative.dev/v1/namespaces/tokens/triggers/{name}");
    }

    private static string Sign(RSA rsa, JsonObject header, JsonObject payload)
    {
        var signed = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return signed + "." + Base64Url.EncodeToString(rsa.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    public async Task DisposeAsync()
    {
        await _mesh.DisposeAsync();
        await _subscriber.DisposeAsync();
        await _deadLetters.DisposeAsync();
    }
}
