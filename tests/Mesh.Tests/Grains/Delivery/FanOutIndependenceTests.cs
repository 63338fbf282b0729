namespace Mesh.Tests.Grains.Delivery;

/// <summary>Each trigger has its own queue: a stuck subscriber delays nobody else.</summary>
public sealed class FanOutIndependenceTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _releaseSlow = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private MeshHost _mesh = null!;
    private RecordingSubscriber _slow = null!;
    private RecordingSubscriber _fast = null!;

    public async Task InitializeAsync()
    {
        // One delivery in flight per trigger, so the slow trigger's stuck first event blocks its whole queue.
        _mesh = await MeshHost.StartAsync(new Dictionary<string, string?> { ["Mesh:Delivery:MaxInFlightPerTrigger"] = "1" });
        _slow = await RecordingSubscriber.StartAsync();
        _fast = await RecordingSubscriber.StartAsync();
        _slow.Respond = async (_, _) =>
        {
            await _releaseSlow.Task;
            return 202;
        };
        await _mesh.MustApplyAsync("""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: default, namespace: fanout }
            """);
        foreach (var (name, subscriber) in new[] { ("slow", _slow), ("fast", _fast) })
        {
            await _mesh.MustApplyAsync($$"""
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata: { name: {{name}}, namespace: fanout }
                spec:
                  broker: default
                  subscriber: { uri: "{{subscriber.Url}}" }
                """);
            await _mesh.WaitReadyAsync($"/apis/eventing.knative.dev/v1/namespaces/fanout/triggers/{name}");
        }
    }

    [Fact]
    public async Task A_stuck_subscriber_does_not_delay_the_other_triggers_of_its_broker()
    {
        for (var i = 0; i < 20; i++)
            await _mesh.SendEventAsync("/fanout/default", $"e-{i}", "dev.mesh.fanout");

        await _fast.WaitForCountAsync(20);
        _fast.Received.Select(r => r.Ce("id")).ShouldBe(Enumerable.Range(0, 20).Select(i => $"e-{i}"), ignoreOrder: true);
        // Each trigger is activated by its first event, the slow one maybe after the fast one has had all 20.
        await _slow.WaitForCountAsync(1);
        _slow.Received.Count.ShouldBe(1, "the slow subscriber still holds its first event");

        _releaseSlow.SetResult();
        await _slow.WaitForCountAsync(20);
        _slow.Received.Select(r => r.Ce("id")).Distinct().Count().ShouldBe(20);
    }

    public async Task DisposeAsync()
    {
        _releaseSlow.TrySetResult();
        await _mesh.DisposeAsync();
        await _slow.DisposeAsync();
        await _fast.DisposeAsync();
    }
}
