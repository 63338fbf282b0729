using System.Globalization;
using System.Net;
using Mesh.Tests.Grains.Delivery;

namespace Mesh.Tests.Gateway.Ingress;

/// <summary>
/// <c>knativearrivaltime</c>: Knative's broker ingress stamps every event with the time it arrived
/// (RFC 3339, UTC), replacing any value it carried; the mesh's channel ingress does the same.
/// </summary>
public sealed class ArrivalTimeTests(MeshFixture fixture) : IClassFixture<MeshFixture>, IAsyncLifetime
{
    private readonly MeshHost _mesh = fixture.Mesh;
    private RecordingSubscriber _subscriber = null!;

    public async Task InitializeAsync() => _subscriber = await RecordingSubscriber.StartAsync();

    public async Task DisposeAsync() => await _subscriber.DisposeAsync();

    [Fact]
    public async Task Broker_ingress_stamps_the_arrival_time_in_UTC_and_replaces_one_the_producer_sent()
    {
        var scenario = await BrokerScenario.StartAsync(_mesh, _subscriber, "arrival");

        var (fresh, before, after) = await SendAsync(scenario.Path, "fresh");
        var (forged, forgedBefore, forgedAfter) = await SendAsync(scenario.Path, "forged", ("ce-knativearrivaltime", "2001-01-01T00:00:00Z"));

        ShouldBeStamped(await ArrivalOfAsync("fresh"), before, after);
        ShouldBeStamped(await ArrivalOfAsync("forged"), forgedBefore, forgedAfter);
        fresh.ShouldBe(HttpStatusCode.Accepted);
        forged.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task Channel_ingress_stamps_the_arrival_time_too()
    {
        await _mesh.MustApplyAsync("""
            apiVersion: messaging.knative.dev/v1
            kind: InMemoryChannel
            metadata: { name: ch, namespace: arrival-ch }
            """);
        await _mesh.MustApplyAsync($$"""
            apiVersion: messaging.knative.dev/v1
            kind: Subscription
            metadata: { name: sub, namespace: arrival-ch }
            spec:
              channel: { apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel, name: ch }
              subscriber: { uri: "{{_subscriber.Url}}" }
            """);
        await _mesh.WaitReadyAsync("/apis/messaging.knative.dev/v1/namespaces/arrival-ch/subscriptions/sub");

        var (status, before, after) = await SendAsync("/channels/arrival-ch/ch", "via-channel");

        status.ShouldBe(HttpStatusCode.Accepted);
        ShouldBeStamped(await ArrivalOfAsync("via-channel"), before, after);
    }

    private async Task<(HttpStatusCode, DateTimeOffset, DateTimeOffset)> SendAsync(string path, string id, params (string, string?)[] headers)
    {
        using var request = CloudEventRequests.Binary(id, headers: headers);
        request.RequestUri = new Uri(path, UriKind.Relative);
        var before = DateTimeOffset.UtcNow;
        var status = (await _mesh.Http.SendAsync(request)).StatusCode;
        return (status, before, DateTimeOffset.UtcNow);
    }

    private async Task<string> ArrivalOfAsync(string id)
    {
        await Eventually.TrueAsync(() => _subscriber.Received.Any(r => r.Ce("id") == id), $"event {id} at the subscriber");
        return _subscriber.Received.First(r => r.Ce("id") == id).Ce("knativearrivaltime") ?? "(none)";
    }

    private static void ShouldBeStamped(string value, DateTimeOffset before, DateTimeOffset after)
    {
        value.ShouldEndWith("Z", customMessage: "RFC 3339 in UTC");
        DateTimeOffset.TryParseExact(Uri.UnescapeDataString(value), "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var at).ShouldBeTrue($"'{value}' is not an RFC 3339 UTC timestamp");
        at.ShouldBeInRange(before.AddMilliseconds(-1), after.AddMilliseconds(1));
    }
}
