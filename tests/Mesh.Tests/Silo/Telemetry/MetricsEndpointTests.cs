using Mesh.Tests.Infrastructure;

namespace Mesh.Tests.Silo.Telemetry;

/// <summary>One mesh for the class, with a small event_type cap so that its overflow can be seen.</summary>
public sealed class MetricsMesh : IAsyncLifetime
{
    public MeshHost Mesh { get; private set; } = null!;
    public RecordingSubscriber Subscriber { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Mesh = await MeshHost.StartAsync(new Dictionary<string, string?> { ["Mesh:Telemetry:MaxEventTypes"] = "3" });
        Subscriber = await RecordingSubscriber.StartAsync();
        // Paths ending in /fail answer 500; everything else is accepted.
        Subscriber.Respond = (request, _) => Task.FromResult(request.Path.EndsWith("/fail", StringComparison.Ordinal) ? 500 : 202);
    }

    public async Task DisposeAsync()
    {
        await Subscriber.DisposeAsync();
        await Mesh.DisposeAsync();
    }
}

public sealed class MetricsEndpointTests(MetricsMesh fixture) : IClassFixture<MetricsMesh>
{
    private MeshHost Mesh => fixture.Mesh;

    [Fact]
    public async Task Deliveries_are_counted_per_namespace_broker_trigger_event_type_and_response_code_class()
    {
        const string ns = "metrics-deliver";
        await BrokerAsync(ns, "shop");
        await TriggerAsync(ns, "shop", "ok", $"{fixture.Subscriber.Url}ok");
        await TriggerAsync(ns, "shop", "broken", $"{fixture.Subscriber.Url}fail", """
              delivery: { retry: 1, backoffPolicy: linear, backoffDelay: PT0.05S, deadLetterSink: { uri: "DLS" } }
            """.Replace("DLS", $"{fixture.Subscriber.Url}dls"));

        for (var i = 0; i < 3; i++) (await SendAsync(ns, "shop", $"e{i}", "dev.example.order")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);

        var trigger = (string name) => new[] { ("namespace", ns), ("broker", "shop"), ("trigger", name), ("event_type", "dev.example.order") };
        var scrape = await ScrapeUntilAsync(s => s.Sum("mesh_events_dead_lettered_total", trigger("broken")) >= 3 && s.Sum("mesh_events_delivered_total", trigger("ok")) >= 3,
            "3 deliveries by 'ok' and 3 dead letters by 'broken'");

        scrape.Sum("mesh_ingress_events_total", ("namespace", ns), ("broker", "shop"), ("event_type", "dev.example.order"), ("http_response_status_code", "202")).ShouldBe(3);
        scrape.Sum("mesh_events_routed_total", trigger("ok")).ShouldBe(3);
        scrape.Sum("mesh_events_routed_total", trigger("broken")).ShouldBe(3);
        scrape.Sum("mesh_events_delivered_total", [.. trigger("ok"), ("response_code_class", "2xx")]).ShouldBe(3);
        scrape.Sum("mesh_delivery_attempts_total", [.. trigger("broken"), ("response_code_class", "5xx"), ("destination", "subscriber")]).ShouldBe(6);
        scrape.Sum("mesh_delivery_retries_total", [.. trigger("broken"), ("response_code_class", "5xx")]).ShouldBe(3);
        scrape.Sum("mesh_events_dead_lettered_total", [.. trigger("broken"), ("response_code_class", "5xx")]).ShouldBe(3);
        scrape.Sum("mesh_delivery_attempt_duration_seconds_count", [.. trigger("ok"), ("response_code_class", "2xx")]).ShouldBe(3);
        scrape.Sum("mesh_delivery_duration_seconds_count", trigger("ok")).ShouldBe(3);
        scrape.Series("mesh_delivery_queue_depth", ("namespace", ns), ("trigger", "ok"), ("broker", "shop")).ShouldNotBeEmpty(scrape.Describe("mesh_delivery_queue_depth"));
        scrape.Series("mesh_delivery_retries_pending", ("namespace", ns), ("trigger", "broken")).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Refusals_are_counted_by_status_and_unknown_brokers_share_one_label()
    {
        const string ns = "metrics-refuse";
        await BrokerAsync(ns, "known");
        (await SendAsync(ns, "known", "a", "dev.example.a")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);
        var invalid = CloudEventRequests.Raw("application/json", "{}", ("ce-specversion", "1.0"), ("ce-id", "x"));
        invalid.RequestUri = new Uri($"/{ns}/known", UriKind.Relative);
        (await Mesh.Http.SendAsync(invalid)).StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        (await SendAsync(ns, $"made-up-{Guid.NewGuid():N}", "b", "dev.example.a")).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);

        var scrape = await ScrapeUntilAsync(s => s.Sum("mesh_ingress_events_total", ("namespace", ns), ("http_response_status_code", "400")) >= 1, "the 400 to be counted");
        scrape.Sum("mesh_ingress_events_total", ("namespace", ns), ("broker", "known"), ("http_response_status_code", "400"), ("event_type", "unknown")).ShouldBe(1);
        scrape.Series("mesh_ingress_events_total").ShouldNotContain(s => s.Labels.GetValueOrDefault("broker", "").StartsWith("made-up"));
        scrape.Sum("mesh_ingress_events_total", ("namespace", "_unknown"), ("broker", "_unknown"), ("http_response_status_code", "404")).ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task Event_types_beyond_the_cap_are_counted_as_other()
    {
        const string ns = "metrics-cap";
        await BrokerAsync(ns, "types");
        // The cap (3) is per meter: types seen by the other tests count towards it too, so send more than it.
        for (var i = 0; i < 6; i++) await SendAsync(ns, "types", $"t{i}", $"dev.example.cap{i}");

        var scrape = await ScrapeUntilAsync(s => s.Sum("mesh_ingress_events_total", ("namespace", ns)) >= 6, "six events to be counted");
        var types = scrape.Series("mesh_ingress_events_total", ("namespace", ns)).Select(s => s.Labels["event_type"]).Distinct().ToList();
        types.ShouldContain("other");
        types.Count(t => t.StartsWith("dev.example.cap")).ShouldBeLessThanOrEqualTo(3);
        scrape.Sum("mesh_ingress_events_total", ("namespace", ns)).ShouldBe(6);
    }

    private async Task<PrometheusScrape> ScrapeUntilAsync(Func<PrometheusScrape, bool> done, string what)
    {
        PrometheusScrape scrape = null!;
        await Eventually.TrueAsync(async () => done(scrape = await PrometheusScrape.ReadAsync(Mesh.Http)), what,
            () => scrape?.Samples.Count.ToString() ?? "nothing scraped");
        return scrape;
    }

    private Task<HttpResponseMessage> SendAsync(string ns, string broker, string id, string type)
    {
        var request = CloudEventRequests.Binary(id, headers: ("ce-type", type));
        request.RequestUri = new Uri($"/{ns}/{broker}", UriKind.Relative);
        return Mesh.Http.SendAsync(request);
    }

    private async Task BrokerAsync(string ns, string name)
    {
        await Mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: {{name}}, namespace: {{ns}} }
            """);
        await Mesh.WaitReadyAsync($"/apis/eventing.knative.dev/v1/namespaces/{ns}/brokers/{name}");
    }

    private async Task TriggerAsync(string ns, string broker, string name, string subscriber, string extra = "")
    {
        await Mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: {{name}}, namespace: {{ns}} }
            spec:
              broker: {{broker}}
              subscriber: { uri: "{{subscriber}}" }
            {{extra}}
            """);
        await Mesh.WaitReadyAsync($"/apis/eventing.knative.dev/v1/namespaces/{ns}/triggers/{name}");
    }
}
