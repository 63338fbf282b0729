namespace Mesh.Tests.Topology;

public class ChannelFanOutTopologyTests(SettingsMeshFixture fixture) : IClassFixture<SettingsMeshFixture>, IAsyncLifetime
{
    /// <summary>Settings of the mesh under test; the durable variant overrides them.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    private const int Events = 10;
    private MeshHost _mesh = null!;

    public async Task InitializeAsync() => _mesh = await fixture.MeshAsync(Settings);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task InMemoryChannel_delivers_every_event_to_healthy_subscribers_while_a_failing_one_is_dead_lettered()
    {
        await using var first = await RecordingSubscriber.StartAsync();
        await using var second = await RecordingSubscriber.StartAsync();
        await using var down = await RecordingSubscriber.StartAsync();
        await using var deadLetters = await RecordingSubscriber.StartAsync();
        down.Respond = (_, _) => Task.FromResult(503);
        await _mesh.MustApplyAsync("""
            apiVersion: messaging.knative.dev/v1
            kind: InMemoryChannel
            metadata: { name: orders, namespace: fan-imc }
            """);

        await FanOutAsync("fan-imc", "orders", "messaging.knative.dev/v1", "InMemoryChannel", first, second, down.Url.ToString(), deadLetters);

        Assert.All(deadLetters.Received, r => Assert.Equal("503", r.Ce("knativeerrorcode")));
        Assert.Equal(Events * 3, down.Received.Count);
        var channel = await _mesh.GetAsync("/apis/messaging.knative.dev/v1/namespaces/fan-imc/inmemorychannels/orders");
        Assert.Equal(_mesh.BaseAddress.ToString().TrimEnd('/') + "/channels/fan-imc/orders", (string?)channel!["status"]!["address"]!["url"]);
    }

    [Fact]
    public async Task Generic_channel_with_default_template_fans_out_and_refs_its_backing_InMemoryChannel()
    {
        await using var first = await RecordingSubscriber.StartAsync();
        await using var second = await RecordingSubscriber.StartAsync();
        await using var deadLetters = await RecordingSubscriber.StartAsync();
        var closedPort = $"http://127.0.0.1:{FreePort.Next()}/";
        await _mesh.MustApplyAsync("""
            apiVersion: messaging.knative.dev/v1
            kind: Channel
            metadata: { name: orders, namespace: fan-generic }
            """);

        await FanOutAsync("fan-generic", "orders", "messaging.knative.dev/v1", "Channel", first, second, closedPort, deadLetters);

        var channel = await _mesh.GetAsync("/apis/messaging.knative.dev/v1/namespaces/fan-generic/channels/orders");
        var status = channel!["status"]!;
        Assert.Equal(_mesh.BaseAddress.ToString().TrimEnd('/') + "/channels/fan-generic/orders", (string?)status["address"]!["url"]);
        Assert.Equal("InMemoryChannel", (string?)status["channel"]!["kind"]);
        Assert.Equal("messaging.knative.dev/v1", (string?)status["channel"]!["apiVersion"]);
        Assert.Equal("orders", (string?)status["channel"]!["name"]);
        await _mesh.WaitReadyAsync("/apis/messaging.knative.dev/v1/namespaces/fan-generic/inmemorychannels/orders");
    }

    private async Task FanOutAsync(string ns, string channel, string apiVersion, string kind,
        RecordingSubscriber first, RecordingSubscriber second, string downUrl, RecordingSubscriber deadLetters)
    {
        foreach (var (name, url, delivery) in new[]
        {
            ("first", first.Url.ToString(), ""),
            ("second", second.Url.ToString(), ""),
            ("down", downUrl, $$"""delivery: { retry: 2, backoffDelay: PT0.01S, deadLetterSink: { uri: "{{deadLetters.Url}}" } }"""),
        })
        {
            await _mesh.MustApplyAsync($$"""
                apiVersion: messaging.knative.dev/v1
                kind: Subscription
                metadata: { name: {{name}}, namespace: {{ns}} }
                spec:
                  channel: { apiVersion: {{apiVersion}}, kind: {{kind}}, name: {{channel}} }
                  subscriber: { uri: "{{url}}" }
                  {{delivery}}
                """);
            await _mesh.WaitReadyAsync($"/apis/messaging.knative.dev/v1/namespaces/{ns}/subscriptions/{name}");
        }
        var channelPath = $"/apis/messaging.knative.dev/v1/namespaces/{ns}/{kind.ToLowerInvariant()}s/{channel}";
        JsonObject? seen = null;
        await Eventually.TrueAsync(async () =>
        {
            seen = await _mesh.GetAsync(channelPath);
            return seen?["status"]?["subscribers"] is JsonArray { Count: 3 } subscribers
                && subscribers.All(s => (string?)s!["ready"] == "True");
        }, $"{channelPath} to list three Ready subscribers", () => seen?["status"]?.ToJsonString() ?? "(missing)");
        var listed = seen!["status"]!["subscribers"]!.AsArray().Select(s => (string)s!["name"]!).Order().ToArray();
        Assert.Equal(["down", "first", "second"], listed);

        var expected = string.Join(",", Enumerable.Range(0, Events).Select(i => $"e{i}").Order(StringComparer.Ordinal));
        for (var i = 0; i < Events; i++) await TopologyEvents.SendAsync(_mesh, $"/channels/{ns}/{channel}", $"e{i}");

        // The healthy two are not held up behind the failing one's retries.
        var prompt = TimeSpan.FromSeconds(5);
        await first.WaitForCountAsync(Events, prompt);
        await second.WaitForCountAsync(Events, prompt);
        await deadLetters.WaitForCountAsync(Events);
        Assert.Equal(expected, TopologyEvents.Ids(first));
        Assert.Equal(expected, TopologyEvents.Ids(second));
        Assert.Equal(expected, TopologyEvents.Ids(deadLetters));
        Assert.All(deadLetters.Received, r => Assert.Equal(downUrl, r.Ce("knativeerrordest")));
    }
}
