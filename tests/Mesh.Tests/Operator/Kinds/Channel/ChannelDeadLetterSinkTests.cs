namespace Mesh.Tests.Operator.Kinds.Channel;

/// <summary>A Channel shows the dead-letter sink its backing channel resolved, as Knative's Channel does.</summary>
[Collection(SharedMesh.Name)]
public sealed class ChannelDeadLetterSinkTests(MeshFixture fixture)
{
    private const string Channels = "/apis/messaging.knative.dev/v1/namespaces";
    private readonly MeshHost _mesh = fixture.Mesh;

    [Fact]
    public async Task A_channels_status_shows_its_resolved_dead_letter_sink_uri()
    {
        await using var deadLetters = await RecordingSubscriber.StartAsync();
        await _mesh.MustApplyAsync($$"""
            apiVersion: messaging.knative.dev/v1
            kind: Channel
            metadata: { name: orders, namespace: ch-dls }
            spec:
              delivery: { retry: 1, deadLetterSink: { uri: "{{deadLetters.Url}}" } }
            """);

        var channel = await _mesh.WaitReadyAsync($"{Channels}/ch-dls/channels/orders");

        ((string?)channel["status"]!["deadLetterSinkUri"]).ShouldBe(deadLetters.Url.ToString());
        Resource.ConditionStatus(channel, "DeadLetterSinkResolved").ShouldBe("True");
    }

    [Fact]
    public async Task A_channel_whose_dead_letter_sink_does_not_resolve_says_why_and_is_not_ready()
    {
        await _mesh.MustApplyAsync("""
            apiVersion: messaging.knative.dev/v1
            kind: Channel
            metadata: { name: orders, namespace: ch-dls-missing }
            spec:
              delivery: { deadLetterSink: { ref: { apiVersion: eventing.knative.dev/v1, kind: Broker, name: nowhere } } }
            """);

        var channel = await _mesh.WaitConditionAsync($"{Channels}/ch-dls-missing/channels/orders", "DeadLetterSinkResolved", "False", "NotFound");

        MeshHost.ReadyStatus(channel).ShouldBe("False");
        channel["status"]!["deadLetterSinkUri"].ShouldBeNull();
    }

    [Fact]
    public async Task A_channel_without_a_dead_letter_sink_is_ready_and_shows_none()
    {
        await _mesh.MustApplyAsync("""
            apiVersion: messaging.knative.dev/v1
            kind: Channel
            metadata: { name: orders, namespace: ch-no-dls }
            """);

        var channel = await _mesh.WaitReadyAsync($"{Channels}/ch-no-dls/channels/orders");

        channel["status"]!["deadLetterSinkUri"].ShouldBeNull();
        Resource.ConditionReason(channel, "DeadLetterSinkResolved").ShouldBe("DeadLetterSinkNotConfigured");
    }
}
