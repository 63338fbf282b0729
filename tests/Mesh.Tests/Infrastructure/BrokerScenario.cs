namespace Mesh.Tests.Infrastructure;

/// <summary>
/// A broker of its own with one trigger that sends everything to a subscriber under the path
/// <c>/{namespace}/{broker}</c>, so tests sharing a mesh and a subscriber stay apart.
/// </summary>
public sealed record BrokerScenario(MeshHost Mesh, RecordingSubscriber Subscriber, string Namespace, string Broker)
{
    /// <summary>The broker's ingress path, also the path its events arrive at on the subscriber.</summary>
    public string Path => $"/{Namespace}/{Broker}";

    public static async Task<BrokerScenario> StartAsync(MeshHost mesh, RecordingSubscriber subscriber, string @namespace, string broker = "default")
    {
        await mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: {{broker}}, namespace: {{@namespace}} }
            """);
        await mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: {{broker}}-all, namespace: {{@namespace}} }
            spec:
              broker: {{broker}}
              subscriber: { uri: "{{subscriber.Url}}{{@namespace}}/{{broker}}" }
            """);
        await mesh.WaitReadyAsync($"/apis/eventing.knative.dev/v1/namespaces/{@namespace}/triggers/{broker}-all");
        return new BrokerScenario(mesh, subscriber, @namespace, broker);
    }

    public IReadOnlyList<ReceivedEvent> Received =>
        [.. Subscriber.Received.Where(r => r.Path == Path).Select(ReceivedEvent.From)];

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        request.RequestUri = new Uri(Path, UriKind.Relative);
        return Mesh.Http.SendAsync(request);
    }

    /// <summary>Waits for the event with this id and returns it.</summary>
    public async Task<ReceivedEvent> WaitForAsync(string id)
    {
        await Eventually.TrueAsync(() => Received.Any(e => e["id"] == id), $"event '{id}' at {Subscriber.Url}{Path[1..]}",
            () => string.Join(", ", Received.Select(e => e["id"])));
        return Received.First(e => e["id"] == id);
    }
}
