namespace Mesh.Tests.Topology;

public class SubscriptionReplyTopologyTests(SettingsMeshFixture fixture) : IClassFixture<SettingsMeshFixture>, IAsyncLifetime
{
    /// <summary>Settings of the mesh under test; the durable variant overrides them.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    private MeshHost _mesh = null!;

    public async Task InitializeAsync() => _mesh = await fixture.MeshAsync(Settings);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Subscriber_reply_event_arrives_at_the_reply_destination_and_status_shows_the_physical_subscription()
    {
        await using var subscriber = await RecordingSubscriber.StartAsync();
        await using var reply = await RecordingSubscriber.StartAsync();
        await using var deadLetters = await RecordingSubscriber.StartAsync();
        subscriber.Respond = TopologyEvents.Transform("replied", "replier");
        await ApplyAsync("reply-ok", subscriber.Url.ToString(), reply.Url.ToString(), deadLetters.Url.ToString());

        var subscription = await _mesh.WaitReadyAsync("/apis/messaging.knative.dev/v1/namespaces/reply-ok/subscriptions/sub");
        var physical = subscription["status"]!["physicalSubscription"]!;
        Assert.Equal(subscriber.Url.ToString(), (string?)physical["subscriberUri"]);
        Assert.Equal(reply.Url.ToString(), (string?)physical["replyUri"]);
        Assert.Equal(deadLetters.Url.ToString(), (string?)physical["deadLetterSinkUri"]);
        var conditions = subscription["status"]!["conditions"]!.AsArray()
            .ToDictionary(c => (string)c!["type"]!, c => (string?)c!["status"]);
        foreach (var type in new[] { "ReferencesResolved", "AddedToChannel", "ChannelReady", "Ready" })
            Assert.True(conditions.TryGetValue(type, out var status) && status == "True", $"{type} should be True: {subscription["status"]!.ToJsonString()}");

        await TopologyEvents.SendAsync(_mesh, "/channels/reply-ok/ch", "r-1", "x", "{\"n\": 1}");

        await reply.WaitForCountAsync(1);
        var got = reply.Received.Single();
        Assert.Equal("r-1", got.Ce("id"));
        Assert.Equal("x.replied", got.Ce("type"));
        Assert.Equal("done", got.Ce("replier"));
        Assert.Equal("{\"n\": 1}"u8.ToArray(), got.Body);
        Assert.Empty(deadLetters.Received);
        // Prefer: reply goes to the subscriber only; the reply destination's answer is not read as a reply.
        Assert.Equal("reply", subscriber.Received.Single().Header("prefer"));
        Assert.Null(got.Header("prefer"));
    }

    [Fact]
    public async Task Subscriber_reply_without_a_reply_destination_is_dropped_without_error()
    {
        await using var subscriber = await RecordingSubscriber.StartAsync();
        await using var deadLetters = await RecordingSubscriber.StartAsync();
        // Replies to everything but the sentinel, which fails so that it ends up dead-lettered.
        subscriber.Respond = (r, response) => r.Ce("id") == "sentinel"
            ? Task.FromResult(500)
            : TopologyEvents.ReplyAsync(r, response, a => a["type"] = "x.replied");
        await ApplyAsync("reply-none", subscriber.Url.ToString(), replyUrl: null, deadLetters.Url.ToString());
        await _mesh.WaitReadyAsync("/apis/messaging.knative.dev/v1/namespaces/reply-none/subscriptions/sub");

        await TopologyEvents.SendAsync(_mesh, "/channels/reply-none/ch", "dropped");
        await subscriber.WaitForCountAsync(1);
        await TopologyEvents.SendAsync(_mesh, "/channels/reply-none/ch", "sentinel");
        await deadLetters.WaitForCountAsync(1);

        Assert.Equal("sentinel", deadLetters.Received.Single().Ce("id"));
        Assert.Single(subscriber.Received, r => r.Ce("id") == "dropped");
    }

    [Fact]
    public async Task A_reply_that_cannot_be_delivered_after_its_retries_dead_letters_the_original_event_naming_the_reply_url()
    {
        await using var subscriber = await RecordingSubscriber.StartAsync();
        await using var reply = await RecordingSubscriber.StartAsync();
        await using var deadLetters = await RecordingSubscriber.StartAsync();
        subscriber.Respond = (r, response) => TopologyEvents.ReplyAsync(r, response, a => { a["id"] = "reply-of-" + a["id"]; a["type"] = "x.replied"; });
        reply.Respond = (_, _) => Task.FromResult(503);
        await ApplyAsync("reply-fails", subscriber.Url.ToString(), reply.Url.ToString(), deadLetters.Url.ToString());
        await _mesh.WaitReadyAsync("/apis/messaging.knative.dev/v1/namespaces/reply-fails/subscriptions/sub");

        await TopologyEvents.SendAsync(_mesh, "/channels/reply-fails/ch", "f-1", "x", "{\"n\": 1}");

        await deadLetters.WaitForCountAsync(1);
        var dead = deadLetters.Received.Single();
        // The original event, as the subscriber got it, not the reply it produced.
        Assert.Equal("f-1", dead.Ce("id"));
        Assert.Equal("x", dead.Ce("type"));
        Assert.Equal("{\"n\": 1}"u8.ToArray(), dead.Body);
        Assert.Equal(reply.Url.ToString(), dead.Ce("knativeerrordest"));
        Assert.Equal("503", dead.Ce("knativeerrorcode"));
        Assert.Equal(3, reply.Received.Count);
        Assert.All(reply.Received, r => Assert.Equal("reply-of-f-1", r.Ce("id")));
        // The subscriber answered once; its reply is what failed, so it is not asked again.
        Assert.Single(subscriber.Received);
    }

    private async Task ApplyAsync(string ns, string subscriberUrl, string? replyUrl, string deadLetterUrl)
    {
        await _mesh.MustApplyAsync($$"""
            apiVersion: messaging.knative.dev/v1
            kind: InMemoryChannel
            metadata: { name: ch, namespace: {{ns}} }
            """);
        var reply = replyUrl is null ? "" : $$"""reply: { uri: "{{replyUrl}}" }""";
        await _mesh.MustApplyAsync($$"""
            apiVersion: messaging.knative.dev/v1
            kind: Subscription
            metadata: { name: sub, namespace: {{ns}} }
            spec:
              channel: { apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel, name: ch }
              subscriber: { uri: "{{subscriberUrl}}" }
              {{reply}}
              delivery: { retry: 2, backoffDelay: PT0.01S, deadLetterSink: { uri: "{{deadLetterUrl}}" } }
            """);
    }
}
