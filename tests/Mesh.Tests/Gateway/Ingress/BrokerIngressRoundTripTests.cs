using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Mesh.Tests.Gateway.Ingress;

public sealed class BrokerIngressRoundTripTests : IAsyncLifetime
{
    private MeshHost _mesh = null!;
    private RecordingSubscriber _subscriber = null!;

    public async Task InitializeAsync()
    {
        _mesh = await MeshHost.StartAsync();
        _subscriber = await RecordingSubscriber.StartAsync();
        await _mesh.MustApplyAsync("""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: default, namespace: rt }
            """);
        await _mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: all, namespace: rt }
            spec:
              broker: default
              subscriber: { uri: "{{_subscriber.Url}}" }
            """);
        await _mesh.WaitReadyAsync("/apis/eventing.knative.dev/v1/namespaces/rt/triggers/all");
    }

    [Fact]
    public async Task Binary_event_arrives_with_every_attribute_and_exact_data_bytes()
    {
        var data = Encoding.UTF8.GetBytes("{ \"weird\" :  [1,2,  3] }\n");
        var request = new HttpRequestMessage(HttpMethod.Post, "/rt/default") { Content = new ByteArrayContent(data) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-id", "b-1");
        request.Headers.Add("ce-source", "/tests");
        request.Headers.Add("ce-type", "dev.mesh.binary");
        request.Headers.Add("ce-subject", "sub");
        request.Headers.Add("ce-time", "2026-11-26T10:00:00Z");
        request.Headers.Add("ce-myextension", "ext value");

        var response = await _mesh.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await _subscriber.WaitForCountAsync(1);
        var got = _subscriber.Received.Single(r => r.Ce("id") == "b-1");
        Assert.Equal(data, got.Body);
        Assert.Equal("application/json; charset=utf-8", got.Header("content-type"));
        Assert.Equal("dev.mesh.binary", got.Ce("type"));
        Assert.Equal("/tests", got.Ce("source"));
        Assert.Equal("sub", got.Ce("subject"));
        Assert.Equal("2026-11-26T10:00:00Z", got.Ce("time"));
        // The HTTP binding percent-encodes space, double quote and percent in header values.
        Assert.Equal("ext%20value", got.Ce("myextension"));
        Assert.Null(got.Ce("knativebrokerttl"));
        Assert.Equal("reply", got.Header("prefer"));
        Assert.Equal("rt", got.Header("kn-namespace"));
    }

    public async Task DisposeAsync()
    {
        await _subscriber.DisposeAsync();
        await _mesh.DisposeAsync();
    }
}
