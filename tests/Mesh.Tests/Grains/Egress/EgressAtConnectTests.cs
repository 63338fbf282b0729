using System.Text;

namespace Mesh.Tests.Grains.Egress;

/// <summary>
/// A name is checked again on every address it resolves to when a request connects: a name that
/// later resolves somewhere forbidden (DNS rebinding) is refused, retried as the delivery says, then
/// dead-lettered with the reason as knativeerrordata.
/// </summary>
public sealed class EgressAtConnectTests(EgressFixture fixture) : IClassFixture<EgressFixture>
{
    [Fact]
    public async Task A_name_that_rebinds_to_a_metadata_address_is_refused_when_connecting_and_dead_lettered_with_the_reason()
    {
        var port = fixture.Subscriber.Url.Port;
        fixture.Dns.Map("rebind.test", "127.0.0.1");
        // Each answer closes its connection, so that the next request has to connect (and resolve) again.
        fixture.Subscriber.Respond = (_, response) =>
        {
            response.Headers.Connection = "close";
            return Task.FromResult(202);
        };
        await ApplyAsync("egress-rebind", $"http://rebind.test:{port}/egress-rebind/");

        await fixture.Mesh.SendEventAsync("/egress-rebind/default", "before", "dev.mesh.test");
        await Eventually.TrueAsync(() => Arrived(fixture.Subscriber, "/egress-rebind/", "before"), "the event delivered while rebind.test is 127.0.0.1");

        fixture.Dns.Map("rebind.test", "169.254.169.254");
        var lookups = fixture.Dns.LookupsOf("rebind.test");
        await fixture.Mesh.SendEventAsync("/egress-rebind/default", "after", "dev.mesh.test");
        await Eventually.TrueAsync(() => Arrived(fixture.DeadLetters, "/egress-rebind/", "after"), "the refused event at the dead-letter sink");

        var dead = fixture.DeadLetters.Received.Where(r => r.Path == "/egress-rebind/").Select(ReceivedEvent.From).Single(e => e["id"] == "after");
        var reason = Encoding.UTF8.GetString(Convert.FromBase64String(dead["knativeerrordata"]!));
        reason.ShouldContain("169.254.169.254");
        reason.ShouldContain("egress policy");
        dead["knativeerrordest"].ShouldBe($"http://rebind.test:{port}/egress-rebind/");
        dead["knativeerrorcode"].ShouldBeNull();
        // The first attempt and its one retry each resolved the name again.
        (fixture.Dns.LookupsOf("rebind.test") - lookups).ShouldBeGreaterThanOrEqualTo(2);
        fixture.Subscriber.Received.Where(r => r.Path == "/egress-rebind/").Select(ReceivedEvent.From).ShouldNotContain(e => e["id"] == "after");
    }

    [Fact]
    public async Task A_name_that_resolves_to_loopback_cannot_reach_the_silo_port()
    {
        fixture.Dns.Map("silo.test", "127.0.0.1");
        await ApplyAsync("egress-silo", $"http://silo.test:{fixture.SiloPort}/");

        await fixture.Mesh.SendEventAsync("/egress-silo/default", "to-silo", "dev.mesh.test");
        await Eventually.TrueAsync(() => Arrived(fixture.DeadLetters, "/egress-silo/", "to-silo"), "the refused event at the dead-letter sink");
        var dead = fixture.DeadLetters.Received.Where(r => r.Path == "/egress-silo/").Select(ReceivedEvent.From).Single(e => e["id"] == "to-silo");
        Encoding.UTF8.GetString(Convert.FromBase64String(dead["knativeerrordata"]!)).ShouldContain("Mesh:SiloPort");
    }

    private async Task ApplyAsync(string ns, string subscriber)
    {
        await fixture.Mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: default, namespace: {{ns}} }
            """);
        await fixture.Mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: all, namespace: {{ns}} }
            spec:
              broker: default
              subscriber: { uri: "{{subscriber}}" }
              delivery:
                retry: 1
                backoffDelay: PT0.05S
                deadLetterSink: { uri: "{{fixture.DeadLetters.Url}}{{ns}}/" }
            """);
        await fixture.Mesh.WaitReadyAsync($"/apis/eventing.knative.dev/v1/namespaces/{ns}/triggers/all");
    }

    private static bool Arrived(RecordingSubscriber at, string path, string id) =>
        at.Received.Where(r => r.Path == path).Select(ReceivedEvent.From).Any(e => e["id"] == id);
}
