using System.Net;

namespace Mesh.Tests.Operator.Kinds.Subscription;

/// <summary>A subscription's channel is a channel kind in the subscription's own namespace, fixed once created.</summary>
[Collection(SharedMesh.Name)]
public sealed class SubscriptionChannelTests(MeshFixture fixture)
{
    private readonly MeshHost _mesh = fixture.Mesh;

    private static string Path(string ns) => $"/apis/messaging.knative.dev/v1/namespaces/{ns}/subscriptions/s";

    private static string Subscription(string ns, string channel) => $$"""
        apiVersion: messaging.knative.dev/v1
        kind: Subscription
        metadata: { name: s, namespace: {{ns}} }
        spec:
          channel: {{channel}}
          subscriber: { uri: "http://127.0.0.1:9/" }
        """;

    [Fact]
    public async Task A_channel_in_another_namespace_is_refused_at_apply_and_nothing_is_stored()
    {
        await _mesh.MustApplyAsync("""
            apiVersion: messaging.knative.dev/v1
            kind: InMemoryChannel
            metadata: { name: orders, namespace: sub-other-b }
            """);

        var response = await _mesh.ApplyAsync(Subscription("sub-other-a", "{ apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel, name: orders, namespace: sub-other-b }"));

        var errors = await response.ShouldBeRefusedAsync("spec.channel.namespace");
        ((string)errors[0]!["message"]!).ShouldContain("sub-other-a");
        (await _mesh.Http.GetAsync(Path("sub-other-a"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_channel_named_with_the_subscriptions_own_namespace_is_accepted()
    {
        await _mesh.MustApplyAsync("""
            apiVersion: messaging.knative.dev/v1
            kind: InMemoryChannel
            metadata: { name: orders, namespace: sub-own }
            """);

        await _mesh.MustApplyAsync(Subscription("sub-own", "{ apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel, name: orders, namespace: sub-own }"));

        await _mesh.WaitReadyAsync(Path("sub-own"));
    }

    [Fact]
    public async Task A_kind_that_is_not_a_channel_is_refused_naming_the_channel_kinds()
    {
        var response = await _mesh.ApplyAsync(Subscription("sub-broker", "{ apiVersion: eventing.knative.dev/v1, kind: Broker, name: default }"));

        var message = (string)(await response.ShouldBeRefusedAsync("spec.channel.kind"))[0]!["message"]!;
        message.ShouldContain("InMemoryChannel");
        message.ShouldContain(" or Channel");
    }

    [Fact]
    public async Task The_channel_cannot_change_once_created()
    {
        await _mesh.MustApplyAsync(Subscription("sub-move", "{ apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel, name: orders }"));

        var response = await _mesh.ApplyAsync(Subscription("sub-move", "{ apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel, name: invoices }"));

        await response.ShouldBeRefusedAsync("spec.channel");
        ((string?)(await _mesh.GetAsync(Path("sub-move")))!["spec"]!["channel"]!["name"]).ShouldBe("orders");
    }
}
