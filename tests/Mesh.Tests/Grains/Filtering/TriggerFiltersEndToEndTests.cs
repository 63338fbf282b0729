namespace Mesh.Tests.Grains.Filtering;

/// <summary>Every filter dialect, declared on real triggers, against events posted to the broker.</summary>
public sealed class TriggerFiltersEndToEndTests : IAsyncLifetime
{
    private const string Broker = "/filters/default";

    private MeshHost _mesh = null!;
    private readonly Dictionary<string, RecordingSubscriber> _subscribers = [];

    private static readonly Dictionary<string, string> Triggers = new()
    {
        ["exact-and-prefix"] = """
            filters:
                - exact: { type: dev.mesh.order.created }
                - prefix: { source: /shop/ }
            """,
        ["any"] = """
            filters:
                - any:
                    - exact: { type: dev.mesh.a }
                    - suffix: { source: /eu }
            """,
        ["not"] = """
            filters:
                - not: { prefix: { type: dev.mesh.order. } }
            """,
        ["legacy"] = """
            filter:
                attributes: { type: dev.mesh.order.created, region: "" }
            """,
    };

    public async Task InitializeAsync()
    {
        // One delivery in flight per trigger keeps each trigger's deliveries in stream order, so a
        // trigger's last expected event arriving means nothing unexpected is still on its way.
        _mesh = await MeshHost.StartAsync(new Dictionary<string, string?> { ["Mesh:Delivery:MaxInFlightPerTrigger"] = "1" });
        await _mesh.MustApplyAsync("""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: default, namespace: filters }
            """);
        foreach (var (name, filter) in Triggers)
        {
            var subscriber = await RecordingSubscriber.StartAsync();
            _subscribers[name] = subscriber;
            var indented = string.Join("\n", filter.Split('\n').Select(line => "  " + line));
            await _mesh.MustApplyAsync($$"""
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata: { name: {{name}}, namespace: filters }
                spec:
                  broker: default
                  subscriber: { uri: "{{subscriber.Url}}" }
                {{indented}}
                """);
            await _mesh.WaitReadyAsync($"/apis/eventing.knative.dev/v1/namespaces/filters/triggers/{name}");
        }
    }

    [Fact]
    public async Task Each_trigger_receives_exactly_the_events_its_filters_match()
    {
        await SendAsync("e1", "dev.mesh.order.created", "/shop/eu", region: "eu");
        await SendAsync("e2", "dev.mesh.order.created", "/warehouse/us");
        await SendAsync("e3", "dev.mesh.order.Created", "/shop/us", region: "us");
        await SendAsync("e4", "dev.mesh.a", "/shop/us");
        await SendAsync("e5", "dev.mesh.b", "/warehouse/eu");
        await SendAsync("e6", "dev.mesh.order.created", "/shop/de", region: "de");
        await SendAsync("e7", "other.thing", "/x");

        await ShouldReceiveExactlyAsync("exact-and-prefix", "e1", "e6");
        await ShouldReceiveExactlyAsync("any", "e1", "e4", "e5");
        await ShouldReceiveExactlyAsync("not", "e4", "e5", "e7");
        await ShouldReceiveExactlyAsync("legacy", "e1", "e6");
    }

    private Task SendAsync(string id, string type, string source, string? region = null) =>
        _mesh.SendEventAsync(Broker, id, type, source,
            region is null ? null : new Dictionary<string, string> { ["region"] = region });

    private async Task ShouldReceiveExactlyAsync(string trigger, params string[] ids)
    {
        var subscriber = _subscribers[trigger];
        await Eventually.TrueAsync(() => subscriber.Received.Any(r => r.Ce("id") == ids[^1]),
            $"trigger {trigger} to receive {ids[^1]}", () => string.Join(", ", subscriber.Received.Select(r => r.Ce("id"))));
        subscriber.Received.Select(r => r.Ce("id")).ShouldBe(ids, ignoreOrder: true, $"events delivered to trigger {trigger}");
    }

    public async Task DisposeAsync()
    {
        await _mesh.DisposeAsync();
        foreach (var subscriber in _subscribers.Values) await subscriber.DisposeAsync();
    }
}
