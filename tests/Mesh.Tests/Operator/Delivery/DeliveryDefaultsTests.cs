namespace Mesh.Tests.Operator.Delivery;

/// <summary>
/// A child's delivery is layered over its parent's field by field, over the defaults: a broker that
/// only names a dead-letter sink still retries its triggers' deliveries, as a source that only names
/// one retries its own.
/// </summary>
public sealed class DeliveryDefaultsTests : IAsyncLifetime
{
    private MeshHost _mesh = null!;

    public async Task InitializeAsync() => _mesh = await MeshHost.StartAsync();

    public async Task DisposeAsync() => await _mesh.DisposeAsync();

    [Fact]
    public async Task A_broker_naming_only_a_dead_letter_sink_retries_by_the_defaults_before_dead_lettering()
    {
        await using var flaky = await RecordingSubscriber.StartAsync();
        await using var refusing = await RecordingSubscriber.StartAsync();
        await using var deadLetters = await RecordingSubscriber.StartAsync();
        var failures = 0;
        flaky.Respond = (_, _) => Task.FromResult(Interlocked.Increment(ref failures) <= 2 ? 503 : 202);
        refusing.Respond = (_, _) => Task.FromResult(503);
        await _mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: default, namespace: defaults }
            spec:
              delivery: { deadLetterSink: { uri: "{{deadLetters.Url}}" } }
            """);
        await TriggerAsync("flaky", flaky, "dev.mesh.flaky", "");
        // The sentinel: a trigger that retries nothing reaches the same dead-letter sink at once.
        await TriggerAsync("sentinel", refusing, "dev.mesh.sentinel", "delivery: { retry: 0 }");

        (await _mesh.SendEventAsync("defaults", "default", "flaky-1", "dev.mesh.flaky")).ShouldBe(202);
        await flaky.WaitForCountAsync(3);
        (await _mesh.SendEventAsync("defaults", "default", "sentinel-1", "dev.mesh.sentinel")).ShouldBe(202);
        await deadLetters.WaitForCountAsync(1);

        deadLetters.Received.Select(r => r.Ce("id")).ShouldBe(["sentinel-1"]);
        flaky.Received.Count.ShouldBe(3, "two failures and the retry that succeeded");
        // Lower bounds only: a timer on a loaded machine may fire late, never early.
        var waits = flaky.Received.Zip(flaky.Received.Skip(1), (a, b) => b.At - a.At).ToList();
        waits[0].ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(180), "the default backoff starts at 200 ms");
        waits[1].ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(360), "and doubles");
    }

    private async Task TriggerAsync(string name, RecordingSubscriber subscriber, string type, string delivery)
    {
        await _mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: {{name}}, namespace: defaults }
            spec:
              broker: default
              filter: { attributes: { type: {{type}} } }
              subscriber: { uri: "{{subscriber.Url}}" }
              {{delivery}}
            """);
        await _mesh.WaitReadyAsync(Resource.Trigger("defaults", name));
    }
}
