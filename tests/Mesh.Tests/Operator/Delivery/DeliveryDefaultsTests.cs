namespace Mesh.Tests.Operator.Delivery;

/// <summary>
/// A child's delivery is layered over its parent's field by field, over the defaults: a broker that
/// only names a dead-letter sink still retries its triggers' deliveries, as a source that only names
/// one retries its own.
/// </summary>
[Collection(SharedMesh.Name)]
public sealed class DeliveryDefaultsTests(MeshFixture fixture)
{
    private readonly MeshHost _mesh = fixture.Mesh;

    [Fact]
    public async Task A_broker_naming_only_a_dead_letter_sink_retries_by_the_defaults_before_dead_lettering()
    {
        await using var endpoints = await DefaultRetries.StartAsync();
        await _mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: default, namespace: defaults }
            spec:
              delivery: { deadLetterSink: { uri: "{{endpoints.DeadLetters.Url}}" } }
            """);
        await TriggerAsync("flaky", endpoints.Flaky, "dev.mesh.flaky", "");
        // The sentinel: a trigger that retries nothing reaches the same dead-letter sink at once.
        await TriggerAsync("sentinel", endpoints.Refusing, "dev.mesh.sentinel", "delivery: { retry: 0 }");

        (await _mesh.SendEventAsync("defaults", "default", "flaky-1", "dev.mesh.flaky")).ShouldBe(202);
        await endpoints.Flaky.WaitForCountAsync(3);
        (await _mesh.SendEventAsync("defaults", "default", "sentinel-1", "dev.mesh.sentinel")).ShouldBe(202);
        await endpoints.DeadLetters.WaitForCountAsync(1);

        endpoints.ShouldHaveRetriedByTheDefaults("sentinel-1");
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
