using System.Net.Http.Headers;
using Mesh.Tests.Operator;

namespace Mesh.Tests.Gateway.Senders;

/// <summary>Declarations and requests for sender-authentication tests.</summary>
public static class Senders
{
    public static string BrokerAudience(string ns, string name) => $"eventing.knative.dev/broker/{ns}/{name}";

    public static string ChannelAudience(string ns, string name) => $"messaging.knative.dev/inmemorychannel/{ns}/{name}";

    public static string PolicyPath(string ns, string name) => $"/apis/eventing.knative.dev/v1alpha1/namespaces/{ns}/eventpolicies/{name}";

    public static string Broker(string ns, string name, string labels = "{}") => $$"""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: { name: {{name}}, namespace: {{ns}}, labels: {{labels}} }
        """;

    public static string Trigger(string ns, string name, string broker, Uri subscriber, string? type = null) => $$"""
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: { name: {{name}}, namespace: {{ns}} }
        spec:
          broker: {{broker}}
          {{(type is null ? "" : $"filter: {{ attributes: {{ type: {type} }} }}")}}
          subscriber: { uri: "{{subscriber}}" }
        """;

    /// <summary>An EventPolicy; <paramref name="spec"/> is its spec's YAML, indented by two spaces.</summary>
    public static string Policy(string ns, string name, string spec) => $"""
        apiVersion: eventing.knative.dev/v1alpha1
        kind: EventPolicy
        metadata: {"{"} name: {name}, namespace: {ns} {"}"}
        spec:
        {spec}
        """;

    /// <summary>POSTs one binary CloudEvent to an ingress path, with a bearer token when one is given.</summary>
    public static async Task<HttpResponseMessage> SendAsync(MeshHost mesh, string path, string id, string? token, string type = "dev.mesh.test")
    {
        using var request = CloudEventRequests.Binary(id, headers: ("ce-type", type));
        request.RequestUri = new Uri(path, UriKind.Relative);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await mesh.Http.SendAsync(request);
    }

    public static async Task<int> StatusAsync(MeshHost mesh, string path, string id, string? token, string type = "dev.mesh.test")
    {
        using var response = await SendAsync(mesh, path, id, token, type);
        return (int)response.StatusCode;
    }

    public static Task WaitReceivedAsync(RecordingSubscriber subscriber, string id) =>
        Eventually.TrueAsync(() => subscriber.Received.Any(r => r.Ce("id") == id), $"event {id} at the subscriber",
            () => string.Join(", ", subscriber.Received.Select(r => r.Ce("id"))));

    public static Task<JsonObject> WaitPolicyReadyAsync(MeshHost mesh, string ns, string name) =>
        mesh.WaitConditionAsync(PolicyPath(ns, name), "Ready", "True");
}
