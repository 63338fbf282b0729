using Mesh.Tests.Infrastructure;

namespace Mesh.Tests.Gateway.Tail;

/// <summary>
/// One mesh for tail tests: a subscriber that accepts everything except paths ending in <c>/fail</c>
/// (503), and per test a broker with a trigger that delivers and one that retries once then dead-letters.
/// </summary>
public sealed class TailMesh : IAsyncLifetime
{
    public MeshHost Mesh { get; private set; } = null!;
    public RecordingSubscriber Subscriber { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Mesh = await MeshHost.StartAsync();
        Subscriber = await RecordingSubscriber.StartAsync();
        Subscriber.Respond = (request, _) => Task.FromResult(request.Path.EndsWith("/fail", StringComparison.Ordinal) ? 503 : 202);
    }

    public async Task DisposeAsync()
    {
        await Subscriber.DisposeAsync();
        await Mesh.DisposeAsync();
    }

    /// <summary>Broker <c>shop</c> in <paramref name="ns"/> with triggers <c>ok</c> and <c>broken</c>.</summary>
    public async Task ShopAsync(string ns)
    {
        await Mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: shop, namespace: {{ns}} }
            """);
        foreach (var (name, path, delivery) in new[]
        {
            ("ok", "ok", ""),
            ("broken", "fail", $"delivery: {{ retry: 1, backoffPolicy: linear, backoffDelay: PT0.2S, deadLetterSink: {{ uri: \"{Subscriber.Url}dls\" }} }}"),
        })
        {
            await Mesh.MustApplyAsync($$"""
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata: { name: {{name}}, namespace: {{ns}} }
                spec:
                  broker: shop
                  subscriber: { uri: "{{Subscriber.Url}}{{ns}}/{{path}}" }
                  {{delivery}}
                """);
            await Mesh.WaitReadyAsync($"/apis/eventing.knative.dev/v1/namespaces/{ns}/triggers/{name}");
        }
    }

    public Task<HttpResponseMessage> SendAsync(string ns, string id, string type, string body = "{}")
    {
        var request = CloudEventRequests.Binary(id, body: body, headers: ("ce-type", type));
        request.RequestUri = new Uri($"/{ns}/shop", UriKind.Relative);
        return Mesh.Http.SendAsync(request);
    }
}
