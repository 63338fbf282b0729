namespace Mesh.Tests.Operator.Controller;

/// <summary>
/// Triggers are applied side by side (they are leaves: nothing refers to them); a broker's apply is
/// not, so triggers applied while their broker appears still end as the broker's state says.
/// </summary>
public sealed class SideBySideApplyTests : IAsyncLifetime
{
    private const string Ns = "side-by-side";
    private MeshHost _mesh = null!;
    private RecordingSubscriber _subscriber = null!;

    public async Task InitializeAsync()
    {
        _mesh = await MeshHost.StartAsync();
        _subscriber = await RecordingSubscriber.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _subscriber.DisposeAsync();
        await _mesh.DisposeAsync();
    }

    private const string Broker = $$"""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: { name: default, namespace: {{Ns}} }
        """;

    private string Trigger(int i) => $$"""
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: { name: t-{{i}}, namespace: {{Ns}} }
        spec:
          broker: default
          filter: { attributes: { type: dev.mesh.t{{i}} } }
          subscriber: { uri: "{{_subscriber.Url}}t-{{i}}" }
        """;

    [Fact]
    public async Task Triggers_applied_at_once_while_their_broker_appears_all_become_ready_and_route()
    {
        var triggers = Enumerable.Range(0, 48).ToList();
        var applies = triggers.Take(24).Select(i => _mesh.MustApplyAsync(Trigger(i))).ToList();
        applies.Add(_mesh.MustApplyAsync(Broker));
        applies.AddRange(triggers.Skip(24).Select(i => _mesh.MustApplyAsync(Trigger(i))));
        await Task.WhenAll(applies);

        foreach (var i in triggers) await _mesh.WaitReadyAsync(Resource.Trigger(Ns, $"t-{i}"));
        foreach (var i in new[] { 0, 23, 24, 47 })
        {
            (await _mesh.SendEventAsync(Ns, "default", $"e-{i}", $"dev.mesh.t{i}")).ShouldBe(202);
            await Eventually.TrueAsync(() => _subscriber.Received.Any(r => r.Path == $"/t-{i}" && r.Ce("id") == $"e-{i}"), $"event e-{i} at trigger t-{i}'s subscriber");
        }
    }

    [Fact]
    public async Task Applying_one_trigger_many_times_at_once_leaves_its_last_spec()
    {
        await _mesh.MustApplyAsync(Broker);
        var applies = Enumerable.Range(0, 10).Select(_ => _mesh.MustApplyAsync(Trigger(99)));
        var answers = await Task.WhenAll(applies);
        // Applies of one object run one at a time: the first creates it, each later one finds it unchanged.
        answers.Select(a => (long)a["metadata"]!["generation"]!).ShouldAllBe(g => g == 1);
        await _mesh.WaitReadyAsync(Resource.Trigger(Ns, "t-99"));
    }
}
