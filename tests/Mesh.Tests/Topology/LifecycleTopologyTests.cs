using System.Net;

namespace Mesh.Tests.Topology;

public class LifecycleTopologyTests(SettingsMeshFixture fixture) : IClassFixture<SettingsMeshFixture>, IAsyncLifetime
{
    /// <summary>Settings of the mesh under test; the durable variant overrides them.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    private const string Messaging = "/apis/messaging.knative.dev/v1/namespaces";
    private MeshHost _mesh = null!;

    public async Task InitializeAsync() => _mesh = await fixture.MeshAsync(Settings);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Subscription_applied_before_its_channel_waits_with_ChannelDoesNotExist_then_becomes_ready_and_routes()
    {
        await using var subscriber = await RecordingSubscriber.StartAsync();
        await _mesh.MustApplyAsync(Subscription("early", "sub", "ch", subscriber.Url));
        var waiting = await _mesh.WaitReadyAsync($"{Messaging}/early/subscriptions/sub", "False");
        Assert.Equal("ChannelDoesNotExist", (string?)Condition(waiting, "ChannelReady")?["reason"]);

        await _mesh.MustApplyAsync(Channel("early", "ch"));

        await _mesh.WaitReadyAsync($"{Messaging}/early/subscriptions/sub");
        await TopologyEvents.SendAsync(_mesh, "/channels/early/ch", "e-1");
        await subscriber.WaitForCountAsync(1);
        Assert.Equal("e-1", subscriber.Received.Single().Ce("id"));
    }

    [Fact]
    public async Task Deleting_the_channel_makes_its_subscription_not_ready_and_reapplying_it_restores_delivery()
    {
        await using var subscriber = await RecordingSubscriber.StartAsync();
        await _mesh.MustApplyAsync(Channel("gone", "ch"));
        await _mesh.MustApplyAsync(Subscription("gone", "sub", "ch", subscriber.Url));
        await _mesh.WaitReadyAsync($"{Messaging}/gone/subscriptions/sub");

        Assert.Equal(HttpStatusCode.OK, (await _mesh.Http.DeleteAsync($"{Messaging}/gone/inmemorychannels/ch")).StatusCode);
        var orphan = await _mesh.WaitReadyAsync($"{Messaging}/gone/subscriptions/sub", "False");
        Assert.Equal("ChannelDoesNotExist", (string?)Condition(orphan, "ChannelReady")?["reason"]);
        Assert.Equal(HttpStatusCode.NotFound, (await TopologyEvents.PostAsync(_mesh, "/channels/gone/ch", "lost")).StatusCode);

        await _mesh.MustApplyAsync(Channel("gone", "ch"));
        await _mesh.WaitReadyAsync($"{Messaging}/gone/subscriptions/sub");
        await TopologyEvents.SendAsync(_mesh, "/channels/gone/ch", "back");
        await subscriber.WaitForCountAsync(1);
        Assert.Equal("back", subscriber.Received.Single().Ce("id"));
    }

    [Fact]
    public async Task Yaml_applied_in_reverse_dependency_order_converges_and_routes()
    {
        await using var first = await RecordingSubscriber.StartAsync();
        await using var second = await RecordingSubscriber.StartAsync();
        await _mesh.MustApplyAsync(Subscription("reverse", "one", "ch", first.Url));
        await _mesh.MustApplyAsync(Subscription("reverse", "two", "ch", second.Url));
        await _mesh.MustApplyAsync(Channel("reverse", "ch"));

        await _mesh.WaitReadyAsync($"{Messaging}/reverse/subscriptions/one");
        await _mesh.WaitReadyAsync($"{Messaging}/reverse/subscriptions/two");
        JsonObject? channel = null;
        await Eventually.TrueAsync(async () =>
        {
            channel = await _mesh.GetAsync($"{Messaging}/reverse/inmemorychannels/ch");
            return channel?["status"]?["subscribers"] is JsonArray { Count: 2 } subscribers
                && subscribers.All(s => (string?)s!["ready"] == "True");
        }, "the channel to list both subscribers as Ready", () => channel?["status"]?.ToJsonString() ?? "(missing)");

        await TopologyEvents.SendAsync(_mesh, "/channels/reverse/ch", "r-1");
        await first.WaitForCountAsync(1);
        await second.WaitForCountAsync(1);
    }

    [Fact]
    public async Task Deleting_a_sequence_deletes_its_owned_channels_and_subscriptions()
    {
        await _mesh.MustApplyAsync("""
            apiVersion: flows.knative.dev/v1
            kind: Sequence
            metadata: { name: pipe, namespace: seq-delete }
            spec:
              steps:
                - uri: "http://127.0.0.1:9/a"
                - uri: "http://127.0.0.1:9/b"
            """);
        await _mesh.WaitReadyAsync("/apis/flows.knative.dev/v1/namespaces/seq-delete/sequences/pipe");
        Assert.Equal(["pipe-kn-sequence-0", "pipe-kn-sequence-1"], await NamesAsync($"{Messaging}/seq-delete/inmemorychannels"));
        Assert.Equal(["pipe-kn-sequence-0", "pipe-kn-sequence-1"], await NamesAsync($"{Messaging}/seq-delete/subscriptions"));

        var deleted = await _mesh.Http.DeleteAsync("/apis/flows.knative.dev/v1/namespaces/seq-delete/sequences/pipe");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Empty(await NamesAsync($"{Messaging}/seq-delete/inmemorychannels"));
        Assert.Empty(await NamesAsync($"{Messaging}/seq-delete/subscriptions"));
        Assert.Equal(HttpStatusCode.NotFound, (await TopologyEvents.PostAsync(_mesh, "/channels/seq-delete/pipe-kn-sequence-0", "lost")).StatusCode);
    }

    [Fact]
    public async Task Subscription_channel_is_immutable()
    {
        await _mesh.MustApplyAsync(Subscription("immutable", "sub", "ch", new Uri("http://127.0.0.1:9/")));

        var moved = await _mesh.ApplyAsync(Subscription("immutable", "sub", "other", new Uri("http://127.0.0.1:9/")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, moved.StatusCode);
        Assert.Contains("spec.channel", await moved.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Subscription_with_neither_subscriber_nor_reply_is_refused()
    {
        var refused = await _mesh.ApplyAsync("""
            apiVersion: messaging.knative.dev/v1
            kind: Subscription
            metadata: { name: empty, namespace: no-dest }
            spec:
              channel: { apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel, name: ch }
            """);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("spec.subscriber", await refused.Content.ReadAsStringAsync());
    }

    private async Task<string[]> NamesAsync(string listPath) =>
        [.. (await _mesh.GetAsync(listPath))!["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!).Order(StringComparer.Ordinal)];

    private static JsonObject? Condition(JsonObject obj, string type) =>
        (obj["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);

    private static string Channel(string ns, string name) => $$"""
        apiVersion: messaging.knative.dev/v1
        kind: InMemoryChannel
        metadata: { name: {{name}}, namespace: {{ns}} }
        """;

    private static string Subscription(string ns, string name, string channel, Uri subscriber) => $$"""
        apiVersion: messaging.knative.dev/v1
        kind: Subscription
        metadata: { name: {{name}}, namespace: {{ns}} }
        spec:
          channel: { apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel, name: {{channel}} }
          subscriber: { uri: "{{subscriber}}" }
        """;
}
