using System.Diagnostics;
using Mesh.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Mesh.Tests.Silo.Telemetry;

[Collection(TracingCollection.Name)]
public sealed class TracingTests : IAsyncLifetime
{
    private OtlpReceiver _receiver = null!;
    private WebApplication _subscriber = null!;
    private RecordingSubscriber _flaky = null!;
    private readonly List<Dictionary<string, string>> _received = [];

    public async Task InitializeAsync()
    {
        _receiver = await OtlpReceiver.StartAsync();
        _subscriber = await StartTracedSubscriberAsync();
        _flaky = await RecordingSubscriber.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _flaky.DisposeAsync();
        await _subscriber.StopAsync();
        await _subscriber.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Theory]
    [InlineData("http/protobuf")]
    [InlineData("grpc")]
    public async Task A_subscribers_spans_join_the_producers_trace_under_ingress_route_and_attempt(string protocol)
    {
        await using var mesh = await StartExportingMeshAsync(protocol);
        await TopologyAsync(mesh, LoopbackServer.AddressOf(_subscriber) + "/");
        var (traceId, producerSpan) = (ActivityTraceId.CreateRandom().ToHexString(), ActivitySpanId.CreateRandom().ToHexString());

        var request = CloudEventRequests.Binary("traced-1", headers: ("traceparent", $"00-{traceId}-{producerSpan}-01"));
        request.RequestUri = new Uri("/traced/default", UriKind.Relative);
        (await mesh.Http.SendAsync(request)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);

        // The mesh and the subscriber export on their own schedules: wait for both.
        var spans = await _receiver.WaitForTraceAsync(traceId,
            t => t.Any(s => s.Service == "subscriber") && t.Any(s => s.Name.StartsWith("ingress ")) && t.Any(s => s.Name.StartsWith("route ")) && t.Any(s => s.Name.StartsWith("deliver ")),
            "the subscriber's span and the mesh's ingress, route and attempt spans in the producer's trace");
        var ingress = spans.Single(s => s.Name == "ingress traced/default");
        ingress.ParentSpanId.ShouldBe(producerSpan);
        ingress.Service.ShouldBe("mesh");
        var route = spans.Single(s => s.Name == "route traced/default");
        route.ParentSpanId.ShouldBe(ingress.SpanId);
        var attempt = spans.Single(s => s.Name == "deliver traced/all");
        attempt.ParentSpanId.ShouldBe(route.SpanId);
        attempt.Attribute("mesh.delivery.attempt").ShouldBe("1");
        attempt.Attribute("http.response.status_code").ShouldBe("202");
        attempt.Attribute("cloudevents.event_id").ShouldBe("traced-1");
        spans.Single(s => s.Service == "subscriber").ParentSpanId.ShouldBe(attempt.SpanId);

        // The event itself carries the trace too (CloudEvents distributed tracing), as the ingress span's context.
        Dictionary<string, string> headers;
        lock (_received) headers = _received.Last();
        headers["ce-traceparent"].ShouldBe($"00-{traceId}-{ingress.SpanId}-01");
        headers["traceparent"].ShouldStartWith($"00-{traceId}-{attempt.SpanId}-");
    }

    [Fact]
    public async Task Each_attempt_is_a_span_with_its_number_status_and_retry_delay()
    {
        await using var mesh = await StartExportingMeshAsync();
        var answers = 0;
        _flaky.Respond = (_, _) => Task.FromResult(Interlocked.Increment(ref answers) == 1 ? 503 : 202);
        await TopologyAsync(mesh, _flaky.Url.ToString(), "delivery: { retry: 2, backoffPolicy: linear, backoffDelay: PT0.2S }");
        var traceId = ActivityTraceId.CreateRandom().ToHexString();

        var request = CloudEventRequests.Binary("retried-1", headers: ("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01"));
        request.RequestUri = new Uri("/traced/default", UriKind.Relative);
        (await mesh.Http.SendAsync(request)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);

        var spans = await _receiver.WaitForTraceAsync(traceId, t => t.Count(s => s.Name == "deliver traced/all") == 2, "two attempt spans");
        var attempts = spans.Where(s => s.Name == "deliver traced/all").OrderBy(s => s.Attribute("mesh.delivery.attempt")).ToList();
        attempts[0].Attribute("mesh.delivery.attempt").ShouldBe("1");
        attempts[0].Attribute("http.response.status_code").ShouldBe("503");
        double.Parse(attempts[0].Attribute("mesh.delivery.retry_delay_ms")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(200);
        attempts[1].Attribute("mesh.delivery.attempt").ShouldBe("2");
        attempts[1].Attribute("http.response.status_code").ShouldBe("202");
        attempts[1].Attribute("mesh.delivery.retry_delay_ms").ShouldBeNull();
    }

    [Fact]
    public async Task Without_a_sampler_setting_a_tenth_of_new_traces_and_every_sampled_one_are_exported()
    {
        await using var mesh = await StartExportingMeshAsync();
        await TopologyAsync(mesh, LoopbackServer.AddressOf(_subscriber) + "/");

        // New traces (no traceparent): the trace id decides, so a hundred give about ten, and far from 0 or 100.
        for (var i = 0; i < 100; i++)
        {
            var fresh = CloudEventRequests.Binary($"fresh-{i}");
            fresh.RequestUri = new Uri("/traced/default", UriKind.Relative);
            (await mesh.Http.SendAsync(fresh)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);
        }
        // The sentinel: a producer's sampled trace, kept whatever the ratio, exported after the others' spans.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var sampled = CloudEventRequests.Binary("sentinel-1", headers: ("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01"));
        sampled.RequestUri = new Uri("/traced/default", UriKind.Relative);
        (await mesh.Http.SendAsync(sampled)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);
        await _receiver.WaitForTraceAsync(traceId, t => t.Any(s => s.Name == "deliver traced/all"), "the sampled event's attempt span");
        await Eventually.TrueAsync(() => Task.FromResult(Enumerable.Range(0, 100).All(i => Received($"fresh-{i}") is not null)), "every event delivered, sampled or not");

        var kept = _receiver.Spans.Where(s => s.Service == "mesh" && s.Name == "ingress traced/default")
            .Select(s => s.Attribute("cloudevents.event_id")).Where(id => id?.StartsWith("fresh-", StringComparison.Ordinal) == true).Distinct().Count();
        kept.ShouldBeInRange(1, 30, "new traces exported of 100 (one in ten expected)");
    }

    [Fact]
    public async Task The_standard_sampler_settings_drop_new_traces_and_keep_those_the_producer_sampled()
    {
        await using var mesh = await StartExportingMeshAsync(extra: [("OTEL_TRACES_SAMPLER", "parentbased_traceidratio"), ("OTEL_TRACES_SAMPLER_ARG", "0")]);
        await TopologyAsync(mesh, LoopbackServer.AddressOf(_subscriber) + "/");

        // No traceparent: a new trace, which a ratio of 0 leaves unsampled (its context still travels, flagged so).
        var fresh = CloudEventRequests.Binary("unsampled-1");
        fresh.RequestUri = new Uri("/traced/default", UriKind.Relative);
        (await mesh.Http.SendAsync(fresh)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);
        await Eventually.TrueAsync(() => Task.FromResult(Received("unsampled-1") is not null), "the unsampled event delivered");
        Received("unsampled-1")!["traceparent"].ShouldEndWith("-00");

        // A producer's sampled trace is kept whatever the ratio (parent-based).
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var sampled = CloudEventRequests.Binary("sampled-1", headers: ("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01"));
        sampled.RequestUri = new Uri("/traced/default", UriKind.Relative);
        (await mesh.Http.SendAsync(sampled)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);
        await _receiver.WaitForTraceAsync(traceId, t => t.Any(s => s.Name == "deliver traced/all"), "the sampled event's attempt span");

        _receiver.Spans.Where(s => s.Service == "mesh").ShouldNotContain(s => s.Attribute("cloudevents.event_id") == "unsampled-1");
    }

    [Fact]
    public async Task An_event_that_matched_no_trigger_ends_at_its_ingress_span()
    {
        await using var mesh = await StartExportingMeshAsync();
        await TopologyAsync(mesh, LoopbackServer.AddressOf(_subscriber) + "/", "filter: { attributes: { type: wanted } }");
        var (unmatched, sentinel) = (ActivityTraceId.CreateRandom().ToHexString(), ActivityTraceId.CreateRandom().ToHexString());

        foreach (var (id, type, trace) in new[] { ("ignored-1", "other", unmatched), ("wanted-1", "wanted", sentinel) })
        {
            var request = CloudEventRequests.Binary(id, headers: [("ce-type", type), ("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom().ToHexString()}-01")]);
            request.RequestUri = new Uri("/traced/default", UriKind.Relative);
            (await mesh.Http.SendAsync(request)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);
        }

        // The router takes events in order, and spans are exported in the order they end: once the
        // second event's route span is in, the first event's route span would have been too.
        await _receiver.WaitForTraceAsync(sentinel, t => t.Any(s => s.Name == "route traced/default"), "the matched event's route span");
        var spans = _receiver.Trace(unmatched);
        spans.ShouldContain(s => s.Name == "ingress traced/default");
        spans.ShouldNotContain(s => s.Name.StartsWith("route "));
    }

    private Dictionary<string, string>? Received(string id)
    {
        lock (_received) return _received.LastOrDefault(h => h.TryGetValue("ce-id", out var v) && v == id);
    }

    [Fact]
    public async Task Without_an_otlp_endpoint_no_tracer_is_set_up()
    {
        await using var mesh = await MeshHost.StartAsync();
        mesh.Services.GetService<TracerProvider>().ShouldBeNull();
    }

    // A mesh exporting to the test's receiver every 100 ms, with the standard OTEL_* settings.
    private Task<MeshHost> StartExportingMeshAsync(string protocol = "http/protobuf", params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = (protocol == "grpc" ? _receiver.GrpcEndpoint : _receiver.HttpEndpoint).ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol,
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        };
        foreach (var (key, value) in extra) settings[key] = value;
        return MeshHost.StartAsync(settings);
    }

    // spec: more of the trigger's spec (delivery, filter), one line.
    private static async Task TopologyAsync(MeshHost mesh, string subscriber, string spec = "")
    {
        await mesh.MustApplyAsync("""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: default, namespace: traced }
            """);
        await mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: all, namespace: traced }
            spec:
              broker: default
              subscriber: { uri: "{{subscriber}}" }
              {{spec}}
            """);
        await mesh.WaitReadyAsync("/apis/eventing.knative.dev/v1/namespaces/traced/triggers/all");
    }

    // A subscriber as its authors would write it: ASP.NET Core with its own OpenTelemetry, exporting
    // to the same collector. Only requests to its own port are traced (the listener is process-wide).
    private async Task<WebApplication> StartTracedSubscriberAsync()
    {
        var port = FreePort.Next();
        var builder = LoopbackServer.CreateBuilder(port);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("subscriber"))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = context => context.Connection.LocalPort == port)
                .AddOtlpExporter(o =>
                {
                    o.Endpoint = new Uri(_receiver.HttpEndpoint, "/v1/traces");
                    o.Protocol = OtlpExportProtocol.HttpProtobuf;
                    o.BatchExportProcessorOptions.ScheduledDelayMilliseconds = 100;
                }));
        var app = builder.Build();
        app.Run(context =>
        {
            lock (_received) _received.Add(context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()));
            context.Response.StatusCode = 202;
            return Task.CompletedTask;
        });
        await app.StartAsync();
        return app;
    }
}
