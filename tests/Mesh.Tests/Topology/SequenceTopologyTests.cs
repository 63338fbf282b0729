namespace Mesh.Tests.Topology;

public class SequenceTopologyTests(SettingsMeshFixture fixture) : IClassFixture<SettingsMeshFixture>, IAsyncLifetime
{
    /// <summary>Settings of the mesh under test; the durable variant overrides them.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    private MeshHost _mesh = null!;
    private RecordingSubscriber _a = null!, _b = null!, _c = null!;

    public async Task InitializeAsync()
    {
        _mesh = await fixture.MeshAsync(Settings);
        _a = await RecordingSubscriber.StartAsync();
        _b = await RecordingSubscriber.StartAsync();
        _c = await RecordingSubscriber.StartAsync();
        _a.Respond = TopologyEvents.Transform("a", "stepa");
        _b.Respond = TopologyEvents.Transform("b", "stepb");
        _c.Respond = TopologyEvents.Transform("c", "stepc");
    }

    public async Task DisposeAsync()
    {
        foreach (var step in new[] { _a, _b, _c }) await step.DisposeAsync();
    }

    [Fact]
    public async Task Three_step_sequence_transforms_the_event_at_each_step_and_replies_to_its_sink()
    {
        await using var sink = await RecordingSubscriber.StartAsync();
        var sequence = await ApplySequenceAsync("seq-direct", sink);

        var status = sequence["status"]!;
        var firstChannel = await _mesh.GetAsync("/apis/messaging.knative.dev/v1/namespaces/seq-direct/inmemorychannels/pipe-kn-sequence-0");
        Assert.Equal(_mesh.BaseAddress.ToString().TrimEnd('/') + "/channels/seq-direct/pipe-kn-sequence-0", (string?)status["address"]!["url"]);
        Assert.Equal((string?)firstChannel!["status"]!["address"]!["url"], (string?)status["address"]!["url"]);
        Assert.Equal(["pipe-kn-sequence-0", "pipe-kn-sequence-1", "pipe-kn-sequence-2"],
            status["channelStatuses"]!.AsArray().Select(s => (string?)s!["channel"]!["name"]));
        Assert.Equal(["pipe-kn-sequence-0", "pipe-kn-sequence-1", "pipe-kn-sequence-2"],
            status["subscriptionStatuses"]!.AsArray().Select(s => (string?)s!["subscription"]!["name"]));
        Assert.All(status["channelStatuses"]!.AsArray(), s => Assert.Equal("True", (string?)s!["ready"]!["status"]));
        Assert.All(status["subscriptionStatuses"]!.AsArray(), s => Assert.Equal("True", (string?)s!["ready"]!["status"]));

        const string data = "{ \"order\" :  42 }";
        await TopologyEvents.SendAsync(_mesh, "/channels/seq-direct/pipe-kn-sequence-0", "s-1", "x", data);

        await sink.WaitForCountAsync(1);
        AssertFullyTransformed(sink.Received.Single(), "s-1", data);
    }

    [Fact]
    public async Task Trigger_whose_subscriber_refs_a_sequence_feeds_it_from_the_broker()
    {
        await using var sink = await RecordingSubscriber.StartAsync();
        await ApplySequenceAsync("seq-trigger", sink);
        await _mesh.MustApplyAsync("""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: default, namespace: seq-trigger }
            """);
        await _mesh.MustApplyAsync("""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: to-pipe, namespace: seq-trigger }
            spec:
              broker: default
              subscriber: { ref: { apiVersion: flows.knative.dev/v1, kind: Sequence, name: pipe } }
            """);
        var trigger = await _mesh.WaitReadyAsync("/apis/eventing.knative.dev/v1/namespaces/seq-trigger/triggers/to-pipe");
        Assert.Equal(_mesh.BaseAddress.ToString().TrimEnd('/') + "/channels/seq-trigger/pipe-kn-sequence-0", (string?)trigger["status"]!["subscriberUri"]);

        const string data = "{\"via\":\"broker\"}";
        await TopologyEvents.SendAsync(_mesh, "/seq-trigger/default", "t-1", "x", data);

        await sink.WaitForCountAsync(1);
        AssertFullyTransformed(sink.Received.Single(), "t-1", data);
    }

    private async Task<JsonObject> ApplySequenceAsync(string ns, RecordingSubscriber sink)
    {
        await _mesh.MustApplyAsync($$"""
            apiVersion: flows.knative.dev/v1
            kind: Sequence
            metadata: { name: pipe, namespace: {{ns}} }
            spec:
              channelTemplate: { apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel }
              steps:
                - uri: "{{_a.Url}}"
                - uri: "{{_b.Url}}"
                - uri: "{{_c.Url}}"
              reply: { uri: "{{sink.Url}}" }
            """);
        return await _mesh.WaitReadyAsync($"/apis/flows.knative.dev/v1/namespaces/{ns}/sequences/pipe");
    }

    private static void AssertFullyTransformed(ReceivedRequest got, string id, string data)
    {
        Assert.Equal(id, got.Ce("id"));
        Assert.Equal("x.a.b.c", got.Ce("type"));
        Assert.Equal("done", got.Ce("stepa"));
        Assert.Equal("done", got.Ce("stepb"));
        Assert.Equal("done", got.Ce("stepc"));
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(data), got.Body);
    }
}
