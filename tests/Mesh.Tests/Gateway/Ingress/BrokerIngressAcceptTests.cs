using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Mesh.Tests.Gateway.Ingress;

/// <summary>What a broker ingress takes with 202, and what a matching subscriber then receives.</summary>
[Collection(SharedMesh.Name)]
public sealed class BrokerIngressAcceptTests(MeshFixture fixture) : IAsyncLifetime
{
    private readonly MeshHost _mesh = fixture.Mesh;
    private RecordingSubscriber _subscriber = null!;

    public async Task InitializeAsync()
    {
        _subscriber = await RecordingSubscriber.StartAsync();
    }

    private Task<BrokerScenario> BrokerAsync(string @namespace) => BrokerScenario.StartAsync(_mesh, _subscriber, @namespace);

    // The broker adds knativearrivaltime (Knative's ingress does); everything else is what was sent.
    private static Dictionary<string, string> SentAttributes(ReceivedEvent got)
    {
        DateTimeOffset.TryParse(got["knativearrivaltime"], System.Globalization.CultureInfo.InvariantCulture, out _)
            .ShouldBeTrue($"knativearrivaltime should be a time, was '{got["knativearrivaltime"]}'");
        return got.Attributes.Where(a => a.Key != "knativearrivaltime").ToDictionary();
    }

    [Fact]
    public async Task Broker_MUST_accept_a_binary_event_and_deliver_every_attribute_extension_and_the_exact_bytes()
    {
        var broker = await BrokerAsync("acc-binary");
        var data = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var request = new HttpRequestMessage(HttpMethod.Post, (Uri?)null) { Content = new ByteArrayContent(data) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/octet-stream");
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-id", "bin-1");
        request.Headers.Add("ce-source", "//github.com/cloudevents/spec/pull/123");
        request.Headers.Add("ce-type", "dev.mesh.binary");
        request.Headers.Add("ce-subject", "a/b");
        request.Headers.Add("ce-time", "2026-11-26T10:00:00Z");
        request.Headers.Add("ce-dataschema", "https://mesh.dev/schema");
        // The HTTP binding percent-encodes space, double quote and percent in header values.
        request.Headers.Add("Ce-MyExtension", "a%20%22b%22%25c");
        request.Headers.Add("ce-other", "7");

        var response = await broker.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var got = await broker.WaitForAsync("bin-1");
        got.Data.ShouldBe(data);
        SentAttributes(got).ShouldBe(new Dictionary<string, string>
        {
            ["specversion"] = "1.0",
            ["id"] = "bin-1",
            ["source"] = "//github.com/cloudevents/spec/pull/123",
            ["type"] = "dev.mesh.binary",
            ["subject"] = "a/b",
            ["time"] = "2026-11-26T10:00:00Z",
            ["dataschema"] = "https://mesh.dev/schema",
            ["datacontenttype"] = "application/octet-stream",
            ["myextension"] = "a \"b\"%c",
            ["other"] = "7",
        }, ignoreOrder: true);
    }

    [Theory]
    [InlineData("acc-structured-plain", "application/cloudevents+json")]
    [InlineData("acc-structured-charset", "application/cloudevents+json; charset=utf-8")]
    [InlineData("acc-structured-case", "Application/CloudEvents+JSON; charset=UTF-8")]
    public async Task Broker_MUST_accept_a_structured_event_and_deliver_its_attributes_and_JSON_data(string @namespace, string contentType)
    {
        var broker = await BrokerAsync(@namespace);
        var envelope = CloudEventRequests.Event("st-1");
        envelope["subject"] = "orders/42";
        envelope["time"] = "2026-11-26T10:00:00.123Z";
        envelope["datacontenttype"] = "application/json";
        envelope["comexampleextension"] = "value with spaces";
        envelope["data"] = JsonNode.Parse("""{ "message": "Hello 🌎", "n": [1, 2.5, null, true] }""");

        var response = await broker.SendAsync(CloudEventRequests.Structured(envelope, contentType));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var got = await broker.WaitForAsync("st-1");
        SentAttributes(got).ShouldBe(new Dictionary<string, string>
        {
            ["specversion"] = "1.0",
            ["id"] = "st-1",
            ["source"] = "/tests/ingress",
            ["type"] = "dev.mesh.test",
            ["subject"] = "orders/42",
            ["time"] = "2026-11-26T10:00:00.123Z",
            ["datacontenttype"] = "application/json",
            ["comexampleextension"] = "value with spaces",
        }, ignoreOrder: true);
        JsonNode.DeepEquals(JsonNode.Parse(got.Data), envelope["data"]).ShouldBeTrue(got.DataText);
    }

    [Fact]
    public async Task Structured_data_base64_arrives_as_the_decoded_bytes()
    {
        var broker = await BrokerAsync("acc-base64");
        var bytes = new byte[] { 0, 1, 2, 0xfe, 0xff, (byte)'\n' };
        var envelope = CloudEventRequests.Event("b64-1");
        envelope["datacontenttype"] = "application/octet-stream";
        envelope["data_base64"] = Convert.ToBase64String(bytes);

        var response = await broker.SendAsync(CloudEventRequests.Structured(envelope));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var got = await broker.WaitForAsync("b64-1");
        got.Data.ShouldBe(bytes);
        got["datacontenttype"].ShouldBe("application/octet-stream");
        got["data_base64"].ShouldBeNull();
    }

    [Fact]
    public async Task Structured_text_data_arrives_as_the_text_bytes()
    {
        var broker = await BrokerAsync("acc-text");
        var envelope = CloudEventRequests.Event("text-1");
        envelope["datacontenttype"] = "text/plain; charset=utf-8";
        envelope["data"] = "Hello, 🌎!\n";

        (await broker.SendAsync(CloudEventRequests.Structured(envelope))).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var got = await broker.WaitForAsync("text-1");
        got.DataText.ShouldBe("Hello, 🌎!\n");
        got["datacontenttype"].ShouldBe("text/plain; charset=utf-8");
    }

    [Fact]
    public async Task Structured_JSON_data_without_datacontenttype_SHOULD_be_re_emitted_as_application_json()
    {
        // JSON format 3.1: re-serialized in another binding, the implied application/json SHOULD be explicit.
        var broker = await BrokerAsync("acc-implied-json");
        var envelope = CloudEventRequests.Event("implied-1");
        envelope["data"] = JsonNode.Parse("""{"world":"hello"}""");

        (await broker.SendAsync(CloudEventRequests.Structured(envelope))).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var got = await broker.WaitForAsync("implied-1");
        got["datacontenttype"].ShouldBe("application/json");
        JsonNode.DeepEquals(JsonNode.Parse(got.Data), envelope["data"]).ShouldBeTrue(got.DataText);
    }

    [Fact]
    public async Task Structured_data_base64_without_datacontenttype_MUST_NOT_be_assumed_JSON()
    {
        var broker = await BrokerAsync("acc-base64-untyped");
        var envelope = CloudEventRequests.Event("untyped-1");
        envelope["data_base64"] = Convert.ToBase64String("{\"a\":1}"u8.ToArray());

        (await broker.SendAsync(CloudEventRequests.Structured(envelope))).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var got = await broker.WaitForAsync("untyped-1");
        got["datacontenttype"].ShouldBeNull();
        got.DataText.ShouldBe("{\"a\":1}");
    }

    [Fact]
    public async Task Broker_MUST_accept_a_batch_and_deliver_each_of_its_events()
    {
        var broker = await BrokerAsync("acc-batch");
        var json = CloudEventRequests.Event("batch-1");
        json["datacontenttype"] = "application/json";
        json["data"] = JsonNode.Parse("[1,2,3]");
        json["myext"] = "one";
        var binary = CloudEventRequests.Event("batch-2");
        binary["datacontenttype"] = "application/octet-stream";
        binary["data_base64"] = Convert.ToBase64String([9, 8, 7]);
        var text = CloudEventRequests.Event("batch-3");
        text["datacontenttype"] = "text/plain";
        text["data"] = "three";

        var response = await broker.SendAsync(CloudEventRequests.Batch(json, binary, text));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var first = await broker.WaitForAsync("batch-1");
        first["myext"].ShouldBe("one");
        first["datacontenttype"].ShouldBe("application/json");
        JsonNode.DeepEquals(JsonNode.Parse(first.Data), JsonNode.Parse("[1,2,3]")).ShouldBeTrue(first.DataText);
        (await broker.WaitForAsync("batch-2")).Data.ShouldBe(new byte[] { 9, 8, 7 });
        (await broker.WaitForAsync("batch-3")).DataText.ShouldBe("three");
        broker.Received.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Traceparent_on_ingress_is_forwarded_to_the_subscriber_as_header_and_as_the_events_extension()
    {
        var broker = await BrokerAsync("acc-trace");
        const string traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        const string own = "00-11111111111111111111111111111111-2222222222222222-01";
        var binary = CloudEventRequests.Binary("trace-bin", headers: ("traceparent", traceParent));
        var structured = CloudEventRequests.Structured(CloudEventRequests.Event("trace-st"));
        structured.Headers.Add("traceparent", traceParent);
        // A batch is read by the SDK, not by the direct readers: the extension is added there too.
        var batch = CloudEventRequests.Batch(CloudEventRequests.Event("trace-batch"));
        batch.Headers.Add("traceparent", traceParent);
        // An event with its own distributed-tracing extension keeps it.
        var withOwn = CloudEventRequests.Event("trace-own");
        withOwn["traceparent"] = own;
        var carrying = CloudEventRequests.Structured(withOwn);
        carrying.Headers.Add("traceparent", traceParent);

        foreach (var request in new[] { binary, structured, batch, carrying })
            (await broker.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        foreach (var id in new[] { "trace-bin", "trace-st", "trace-batch" })
        {
            var received = await broker.WaitForAsync(id);
            received.Request.Header("traceparent").ShouldBe(traceParent, id);
            received["traceparent"].ShouldBe(traceParent, $"{id}: the extension, for subscribers that read the event rather than the headers");
        }
        var kept = await broker.WaitForAsync("trace-own");
        kept.Request.Header("traceparent").ShouldBe(traceParent, "the HTTP header continues the request's trace");
        kept["traceparent"].ShouldBe(own, "the producer's own extension is not replaced");
    }

    public async Task DisposeAsync()
    {
        await _subscriber.DisposeAsync();
    }
}
