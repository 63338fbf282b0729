using Mesh.Grains.Delivery;
using Mesh.Grains.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Tests.Grains.Delivery;

/// <summary>Replies, reply loops and retry settings through the real mesh.</summary>
[Collection(SharedMesh.Name)]
public sealed class BrokerRepliesAndRetriesTests(MeshFixture fixture) : IAsyncLifetime
{
    private readonly MeshHost _mesh = fixture.Mesh;
    private readonly List<RecordingSubscriber> _subscribers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_reply_re_enters_the_broker_and_reaches_a_trigger_filtered_on_its_type()
    {
        var replier = await SubscriberAsync();
        var confirmations = await SubscriberAsync();
        replier.Respond = async (request, response) =>
        {
            response.StatusCode = 200;
            response.Headers["ce-specversion"] = "1.0";
            response.Headers["ce-id"] = "confirm-" + request.Ce("id");
            response.Headers["ce-source"] = "/replier";
            response.Headers["ce-type"] = "dev.mesh.order.confirmed";
            response.ContentType = "application/json";
            await response.WriteAsync("{\"confirmed\":true}");
            return 200;
        };
        await BrokerAsync("reply");
        await TriggerAsync("reply", "orders", replier, "filter: { attributes: { type: dev.mesh.order } }");
        await TriggerAsync("reply", "confirmations", confirmations, "filter: { attributes: { type: dev.mesh.order.confirmed } }");

        await _mesh.SendEventAsync("/reply/default", "order-1", "dev.mesh.order");

        await confirmations.WaitForCountAsync(1);
        var got = confirmations.Received.Single();
        got.Ce("id").ShouldBe("confirm-order-1");
        got.Ce("source").ShouldBe("/replier");
        got.Ce("knativebrokerttl").ShouldBeNull();
        System.Text.Encoding.UTF8.GetString(got.Body).ShouldBe("{\"confirmed\":true}");
        replier.Received.ShouldHaveSingleItem().Ce("id").ShouldBe("order-1");
    }

    [Fact]
    public async Task An_echo_loop_stops_when_knativebrokerttl_runs_out()
    {
        using var expired = new CounterRecorder(_mesh.Services.GetRequiredService<MeshMetrics>().Dropped, TagNames.Reason, DropReasons.TtlExpired);
        using var retried = new CounterRecorder(_mesh.Services.GetRequiredService<MeshMetrics>().Retried);
        var echo = await SubscriberAsync();
        var sentinel = await SubscriberAsync();
        echo.Respond = async (request, response) =>
        {
            response.StatusCode = 200;
            foreach (var (name, value) in request.Headers.Where(h => h.Key.StartsWith("ce-", StringComparison.Ordinal)))
                response.Headers[name] = value;
            response.ContentType = request.Header("content-type");
            await response.Body.WriteAsync(request.Body);
            return 200;
        };
        await BrokerAsync("loop");
        await TriggerAsync("loop", "echo", echo, "filter: { attributes: { type: dev.mesh.echo } }");
        await TriggerAsync("loop", "sentinel", sentinel, "filter: { attributes: { type: dev.mesh.sentinel } }");

        await _mesh.SendEventAsync("/loop/default", "ping", "dev.mesh.echo", extensions: new Dictionary<string, string> { ["knativebrokerttl"] = "5" });

        // Hops 5, 4, 3 and 2 are delivered; the echo of the fourth arrives with 1 left and is dropped.
        await echo.WaitForCountAsync(4);
        await expired.WaitForAsync(1, "mesh.events.ttl_expired");
        await _mesh.SendEventAsync("/loop/default", "sentinel", "dev.mesh.sentinel");
        await sentinel.WaitForCountAsync(1);
        echo.Received.Count.ShouldBe(4);
        echo.Received.ShouldAllBe(r => r.Ce("id") == "ping" && r.Ce("knativebrokerttl") == null);
        // A reply dropped for its hop count is not a failed delivery: nothing was retried.
        retried.Total.ShouldBe(0);
    }

    [Fact]
    public async Task A_trigger_retry_overrides_its_brokers_and_inherits_the_brokers_dead_letter_sink()
    {
        var overridden = await SubscriberAsync();
        var inherited = await SubscriberAsync();
        var deadLetters = await SubscriberAsync();
        overridden.Respond = (_, _) => Task.FromResult(500);
        inherited.Respond = (_, _) => Task.FromResult(503);
        await _mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: default, namespace: override }
            spec:
              delivery:
                retry: 5
                backoffPolicy: linear
                backoffDelay: PT0.01S
                deadLetterSink: { uri: "{{deadLetters.Url}}" }
            """);
        await TriggerAsync("override", "overridden", overridden, "delivery: { retry: 1 }\n  filter: { attributes: { type: dev.mesh.once } }");
        await TriggerAsync("override", "inherited", inherited, "filter: { attributes: { type: dev.mesh.many } }");

        await _mesh.SendEventAsync("/override/default", "once", "dev.mesh.once");
        await _mesh.SendEventAsync("/override/default", "many", "dev.mesh.many");

        await deadLetters.WaitForCountAsync(2);
        overridden.Received.Count.ShouldBe(2, "retry 1 on the trigger: one attempt and one retry");
        inherited.Received.Count.ShouldBe(6, "retry 5 inherited from the broker");
        var once = deadLetters.Received.Single(r => r.Ce("id") == "once");
        once.Ce("knativeerrorcode").ShouldBe("500");
        once.Ce("knativeerrordest").ShouldBe(overridden.Url.ToString());
        var many = deadLetters.Received.Single(r => r.Ce("id") == "many");
        many.Ce("knativeerrorcode").ShouldBe("503");
        many.Ce("knativeerrordest").ShouldBe(inherited.Url.ToString());
        // Prefer: reply asks subscribers for a reply; a dead-letter sink's answer is never one.
        overridden.Received.ShouldAllBe(r => r.Header("prefer") == "reply");
        deadLetters.Received.ShouldAllBe(r => r.Header("prefer") == null);
    }

    private async Task<RecordingSubscriber> SubscriberAsync()
    {
        var subscriber = await RecordingSubscriber.StartAsync();
        _subscribers.Add(subscriber);
        return subscriber;
    }

    private Task BrokerAsync(string ns) => _mesh.MustApplyAsync($$"""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: { name: default, namespace: {{ns}} }
        """);

    private async Task TriggerAsync(string ns, string name, RecordingSubscriber subscriber, string extraSpec)
    {
        await _mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: {{name}}, namespace: {{ns}} }
            spec:
              broker: default
              subscriber: { uri: "{{subscriber.Url}}" }
              {{extraSpec}}
            """);
        await _mesh.WaitReadyAsync($"/apis/eventing.knative.dev/v1/namespaces/{ns}/triggers/{name}");
    }

    public async Task DisposeAsync()
    {
        foreach (var subscriber in _subscribers) await subscriber.DisposeAsync();
    }
}
