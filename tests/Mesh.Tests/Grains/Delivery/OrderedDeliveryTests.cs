using System.Collections.Concurrent;
using System.Net;
using Mesh.Tests.Grains.Durability;

namespace Mesh.Tests.Grains.Delivery;

/// <summary>
/// <c>mesh.dev/delivery-order: ordered</c> through the real mesh: one delivery per <c>partitionkey</c> at a
/// time, in acceptance order; a retrying event holds back its own key only.
/// </summary>
public sealed class OrderedDeliveryTests
{
    [Theory]
    [InlineData("Memory")]
    [InlineData("Durable")]
    public async Task A_retrying_event_holds_back_only_its_own_key_and_every_key_arrives_in_acceptance_order(string durability)
    {
        var stuck = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var taken = new ConcurrentQueue<string>();
        await using var subscriber = await RecordingSubscriber.StartAsync();
        subscriber.Respond = (request, _) =>
        {
            var id = request.Ce("id")!;
            // The first event of key a is refused until the test lets it through: key a retries.
            if (id == "a-00" && !stuck.Task.IsCompleted) return Task.FromResult(503);
            taken.Enqueue(id);
            return Task.FromResult(202);
        };
        await using var mesh = await MeshHost.StartAsync(durability == "Durable" ? JournalFile.DurableSettings() : null);
        await BrokerAsync(mesh, "ordered");
        await TriggerAsync(mesh, "ordered", "in-order", subscriber, "ordered");

        var sent = new List<(string Id, string? Key)>();
        for (var i = 0; i < 20; i++)
            foreach (var key in new[] { "a", "b", "c", null })
                sent.Add(($"{key ?? "none"}-{i:D2}", key));
        foreach (var (id, key) in sent)
            await mesh.SendEventAsync("/ordered/default", id, "dev.mesh.test", extensions: key is null ? null : new Dictionary<string, string> { ["partitionkey"] = key });

        // Every other key gets through while a-00 is still being retried.
        await Eventually.TrueAsync(() => taken.Count(id => !id.StartsWith("a-", StringComparison.Ordinal)) == 60, "keys b, c and none to arrive while key a retries");
        await Eventually.TrueAsync(() => subscriber.Received.Count(r => r.Ce("id") == "a-00") > 1, "a-00 to be retried");
        taken.ShouldNotContain(id => id.StartsWith("a-", StringComparison.Ordinal), "nothing of key a may overtake a-00");
        stuck.SetResult();

        await Eventually.TrueAsync(() => taken.Count == 80, "key a to follow once a-00 is taken");
        foreach (var key in new[] { "a", "b", "c", "none" })
            taken.Where(id => id.StartsWith(key + "-", StringComparison.Ordinal))
                .ShouldBe(sent.Where(s => s.Id.StartsWith(key + "-", StringComparison.Ordinal)).Select(s => s.Id), $"key {key} in acceptance order");
    }

    [Fact]
    public async Task An_ordered_subscription_delivers_each_key_in_acceptance_order_whatever_its_subscriber_takes_per_event()
    {
        var taken = new ConcurrentQueue<string>();
        var random = new Random(7);
        await using var subscriber = await RecordingSubscriber.StartAsync();
        subscriber.Respond = async (request, _) =>
        {
            // Uneven answer times: without ordering, parallel deliveries would overtake one another.
            int wait;
            lock (random) wait = random.Next(0, 15);
            await Task.Delay(wait);
            taken.Enqueue(request.Ce("id")!);
            return 202;
        };
        await using var mesh = await MeshHost.StartAsync();
        await mesh.MustApplyAsync("""
            apiVersion: messaging.knative.dev/v1
            kind: InMemoryChannel
            metadata: { name: ch, namespace: ordered-ch }
            """);
        await mesh.MustApplyAsync($$"""
            apiVersion: messaging.knative.dev/v1
            kind: Subscription
            metadata:
              name: sub
              namespace: ordered-ch
              annotations: { mesh.dev/delivery-order: ordered }
            spec:
              channel: { apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel, name: ch }
              subscriber: { uri: "{{subscriber.Url}}" }
            """);
        await mesh.WaitReadyAsync("/apis/messaging.knative.dev/v1/namespaces/ordered-ch/subscriptions/sub");

        var sent = Enumerable.Range(0, 120).Select(i => (Id: $"k{i % 3}-{i:D3}", Key: $"k{i % 3}")).ToList();
        await Parallel.ForEachAsync(sent.GroupBy(s => s.Key), async (events, _) =>
        {
            // Three producers, one per key, each sending its key's events one after the other.
            foreach (var (id, key) in events)
            {
                using var request = CloudEventRequests.Binary(id, headers: ("ce-partitionkey", key));
                request.RequestUri = new Uri("/channels/ordered-ch/ch", UriKind.Relative);
                (await mesh.Http.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
            }
        });

        await Eventually.TrueAsync(() => taken.Count == sent.Count, $"{sent.Count} events at the subscriber");
        foreach (var key in new[] { "k0", "k1", "k2" })
        {
            var got = taken.Where(id => id.StartsWith(key + "-", StringComparison.Ordinal)).ToList();
            got.ShouldBe([.. got.Order(StringComparer.Ordinal)], $"key {key} in the order its producer sent it");
        }
    }

    [Fact]
    public async Task An_unknown_delivery_order_is_refused_naming_the_annotation()
    {
        await using var mesh = await MeshHost.StartAsync();
        await BrokerAsync(mesh, "ordered-bad");

        var response = await mesh.ApplyAsync("""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata:
              name: bad
              namespace: ordered-bad
              annotations: { mesh.dev/delivery-order: sorted }
            spec:
              broker: default
              subscriber: { uri: "http://127.0.0.1:1/" }
            """);

        ((int)response.StatusCode).ShouldBe(422);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldContain("metadata.annotations.mesh.dev/delivery-order");
        body.ShouldContain("sorted");
        (await mesh.GetAsync("/apis/eventing.knative.dev/v1/namespaces/ordered-bad/triggers/bad")).ShouldBeNull();
    }

    private static Task BrokerAsync(MeshHost mesh, string ns) => mesh.MustApplyAsync($"""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {"{"} name: default, namespace: {ns} {"}"}
        spec:
          delivery: {"{"} retry: 100, backoffPolicy: linear, backoffDelay: PT0.05S, backoffMax: PT0.2S {"}"}
        """);

    private static async Task TriggerAsync(MeshHost mesh, string ns, string name, RecordingSubscriber subscriber, string order)
    {
        await mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata:
              name: {{name}}
              namespace: {{ns}}
              annotations: { mesh.dev/delivery-order: {{order}} }
            spec:
              broker: default
              subscriber: { uri: "{{subscriber.Url}}" }
            """);
        await mesh.WaitReadyAsync($"/apis/eventing.knative.dev/v1/namespaces/{ns}/triggers/{name}");
    }
}
