using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Mesh.Tests.Gateway.Ingress;

/// <summary>The ingress size limit, on a mesh started with <c>Mesh:MaxEventBytes</c> = 1024.</summary>
public sealed class BrokerIngressSizeLimitTests : IAsyncLifetime
{
    private const int Limit = 1024;
    private MeshHost _mesh = null!;
    private RecordingSubscriber _subscriber = null!;

    public async Task InitializeAsync()
    {
        _mesh = await MeshHost.StartAsync(new Dictionary<string, string?> { ["Mesh:MaxEventBytes"] = Limit.ToString() });
        _subscriber = await RecordingSubscriber.StartAsync();
    }

    [Fact]
    public async Task Broker_MUST_answer_413_to_a_body_above_the_limit_with_Content_Length()
    {
        var broker = await BrokerScenario.StartAsync(_mesh, _subscriber, "size-length");
        var request = CloudEventRequests.Binary("big", "text/plain", new string('x', Limit + 1));
        request.Content!.Headers.ContentLength.ShouldBe(Limit + 1);

        var response = await broker.SendAsync(request);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        ((string)problem["detail"]!).ShouldContain(Limit.ToString());
    }

    [Theory]
    [InlineData("size-chunked-binary", "text/plain")]
    [InlineData("size-chunked-structured", "application/cloudevents+json")]
    public async Task Broker_MUST_answer_413_to_a_chunked_body_above_the_limit(string @namespace, string contentType)
    {
        var broker = await BrokerScenario.StartAsync(_mesh, _subscriber, @namespace);
        var envelope = CloudEventRequests.Event("big-chunked");
        envelope["data"] = new string('x', 4 * Limit);
        var request = CloudEventRequests.Binary("big-chunked");
        request.Content = new ChunkedContent(Encoding.UTF8.GetBytes(contentType == "text/plain" ? new string('x', 4 * Limit) : envelope.ToJsonString()));
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TransferEncodingChunked = true;

        var response = await broker.SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task An_event_at_the_limit_is_accepted_and_delivered_whole()
    {
        var broker = await BrokerScenario.StartAsync(_mesh, _subscriber, "size-at-limit");
        var body = new string('y', Limit);
        var request = CloudEventRequests.Binary("at-limit");
        request.Content = new ChunkedContent(Encoding.UTF8.GetBytes(body));
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain");

        (await broker.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        (await broker.WaitForAsync("at-limit")).DataText.ShouldBe(body);
    }

    public async Task DisposeAsync()
    {
        await _subscriber.DisposeAsync();
        await _mesh.DisposeAsync();
    }

    /// <summary>Content of no known length, so the client sends it chunked.</summary>
    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            // Several writes, so the body really travels as several chunks.
            for (var offset = 0; offset < bytes.Length; offset += 256)
                await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(256, bytes.Length - offset)));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
