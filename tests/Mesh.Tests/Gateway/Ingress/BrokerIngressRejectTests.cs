using System.Net;

namespace Mesh.Tests.Gateway.Ingress;

/// <summary>
/// What a broker ingress refuses, and how. Requests that are refused change no state, so the status-only
/// cases share one broker; cases that watch deliveries have brokers of their own.
/// </summary>
[Collection(SharedMesh.Name)]
public sealed class BrokerIngressRejectTests(MeshFixture fixture) : IAsyncLifetime
{
    private readonly MeshHost _mesh = fixture.Mesh;
    private RecordingSubscriber _subscriber = null!;
    private BrokerScenario _shared = null!;

    public async Task InitializeAsync()
    {
        _subscriber = await RecordingSubscriber.StartAsync();
        _shared = await BrokerScenario.StartAsync(_mesh, _subscriber, "rej-shared");
    }

    public static TheoryData<string, string, string?> InvalidBinaryHeaders => new()
    {
        { "ce-id", "id", null },
        { "ce-id", "id", "" },
        { "ce-source", "source", null },
        { "ce-source", "source", "" },
        { "ce-type", "type", null },
        { "ce-type", "type", "" },
        { "ce-specversion", "specversion", "19.0" },
        { "ce-specversion", "specversion", "0.3" },
    };

    [Theory]
    [MemberData(nameof(InvalidBinaryHeaders))]
    public async Task Broker_MUST_answer_400_naming_the_attribute_to_a_binary_event_with_a_missing_empty_or_unsupported_attribute(
        string header, string attribute, string? value)
    {
        var response = await _shared.SendAsync(CloudEventRequests.Binary("bad-bin", headers: (header, value)));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, attribute);
        ((string)problem["detail"]!).ShouldContain(attribute);
    }

    [Fact]
    public async Task Broker_MUST_answer_400_naming_specversion_to_a_binary_event_without_ce_specversion()
    {
        // HTTP binding 3: a message carrying the mandatory attributes as ce- headers is taken to be a
        // CloudEvent, so the missing specversion is an invalid event, not an unsupported media type.
        var request = CloudEventRequests.Binary("no-version", headers: ("ce-specversion", null));

        var response = await _shared.SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "specversion");
    }

    [Fact]
    public async Task Binary_mode_MUST_carry_datacontenttype_in_Content_Type_not_a_ce_header()
    {
        var request = CloudEventRequests.Binary("dct", headers: ("ce-datacontenttype", "application/json"));

        await (await _shared.SendAsync(request)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "datacontenttype");
    }

    public static TheoryData<string, string?> InvalidStructuredAttributes => new()
    {
        { "id", null }, { "id", "" },
        { "source", null }, { "source", "" },
        { "type", null }, { "type", "" },
        { "specversion", null }, { "specversion", "19.0" }, { "specversion", "0.3" },
    };

    [Theory]
    [MemberData(nameof(InvalidStructuredAttributes))]
    public async Task Broker_MUST_answer_400_naming_the_attribute_to_a_structured_event_with_a_missing_empty_or_unsupported_attribute(
        string attribute, string? value)
    {
        var envelope = CloudEventRequests.Event("bad-st");
        if (value is null) envelope.Remove(attribute);
        else envelope[attribute] = value;

        var response = await _shared.SendAsync(CloudEventRequests.Structured(envelope));

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, attribute);
    }

    [Theory]
    [InlineData("application/cloudevents+json", "{\"specversion\":\"1.0\",\"id\":")]
    [InlineData("application/cloudevents+json", "not json at all")]
    [InlineData("application/cloudevents+json", "[]")]
    [InlineData("application/cloudevents+json", "")]
    [InlineData("application/cloudevents-batch+json", "[{\"specversion\":\"1.0\"")]
    [InlineData("application/cloudevents-batch+json", "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\"}")]
    public async Task Broker_MUST_answer_400_to_malformed_JSON(string contentType, string body)
    {
        var response = await _shared.SendAsync(CloudEventRequests.Raw(contentType, body));

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_batch_with_one_invalid_event_MUST_be_refused_whole_and_none_of_its_events_delivered()
    {
        var broker = await BrokerScenario.StartAsync(_mesh, _subscriber, "rej-batch");
        var bad = CloudEventRequests.Event("batch-bad");
        bad.Remove("source");

        var response = await broker.SendAsync(CloudEventRequests.Batch(CloudEventRequests.Event("batch-good-1"), bad, CloudEventRequests.Event("batch-good-2")));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "source");
        ((string)problem["detail"]!).ShouldContain("1");
        // Anything the refused batch had enqueued would reach the subscriber before this later event.
        (await broker.SendAsync(CloudEventRequests.Binary("sentinel"))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await broker.WaitForAsync("sentinel");
        broker.Received.Select(e => e["id"]).ShouldBe(["sentinel"]);
    }

    [Fact]
    public async Task A_batch_MUST_NOT_mix_specversions()
    {
        var other = CloudEventRequests.Event("batch-03");
        other["specversion"] = "0.3";

        var response = await _shared.SendAsync(CloudEventRequests.Batch(CloudEventRequests.Event("batch-10"), other));

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "specversion");
    }

    [Fact]
    public async Task Broker_MUST_answer_404_to_an_event_for_an_unknown_broker()
    {
        var request = CloudEventRequests.Binary("lost");
        request.RequestUri = new Uri("/rej-nowhere/nobody", UriKind.Relative);

        var response = await _mesh.Http.SendAsync(request);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        ((string)problem["detail"]!).ShouldContain("nobody");
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task Broker_MUST_answer_405_with_Allow_to_methods_other_than_POST(string method)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), _shared.Path);
        if (method is "PUT" or "PATCH") request.Content = new StringContent("{}");

        var response = await _mesh.Http.SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.ShouldBe(["POST", "OPTIONS"], ignoreOrder: false);
    }

    [Fact]
    public async Task OPTIONS_with_WebHook_Request_Origin_MUST_answer_the_webhook_handshake()
    {
        var request = new HttpRequestMessage(HttpMethod.Options, _shared.Path);
        request.Headers.Add("WebHook-Request-Origin", "eventemitter.example.com");
        request.Headers.Add("WebHook-Request-Rate", "120");

        var response = await _mesh.Http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("WebHook-Allowed-Origin").ShouldBe(["eventemitter.example.com"]);
        response.Headers.GetValues("WebHook-Allowed-Rate").Single().ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("application/cloudevents+xml", "<event/>")]
    [InlineData("application/cloudevents+avro", "x")]
    [InlineData("application/cloudevents-batch+xml", "<events/>")]
    [InlineData("text/plain", "hello")]
    [InlineData("application/json", "{\"id\":\"1\"}")]
    public async Task Broker_MUST_answer_415_to_a_format_it_does_not_read_or_a_body_that_is_no_CloudEvent(string contentType, string body)
    {
        var response = await _shared.SendAsync(CloudEventRequests.Raw(contentType, body));

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Broker_MUST_answer_503_when_it_exists_but_is_not_Ready()
    {
        await _mesh.MustApplyAsync("""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: unready, namespace: rej-unready }
            spec:
              delivery:
                deadLetterSink:
                  ref: { apiVersion: eventing.knative.dev/v1, kind: Broker, name: does-not-exist }
            """);
        await _mesh.WaitReadyAsync("/apis/eventing.knative.dev/v1/namespaces/rej-unready/brokers/unready", "False");
        var request = CloudEventRequests.Binary("too-early");
        request.RequestUri = new Uri("/rej-unready/unready", UriKind.Relative);

        var response = await _mesh.Http.SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
    }

    public async Task DisposeAsync()
    {
        await _subscriber.DisposeAsync();
    }
}
