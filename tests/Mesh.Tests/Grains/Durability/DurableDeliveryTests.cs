using System.Net;
using Mesh.Grains.Durability;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Tests.Grains.Durability;

/// <summary>Durable mode, one process: what a 202 promises across a restart.</summary>
[Trait("Category", "Slow")]
public sealed class DurableDeliveryTests
{
    private const string Ns = "durable";

    [Fact]
    public async Task Accepted_events_wait_in_the_journal_across_a_restart_until_the_subscriber_takes_them()
    {
        await using var subscriber = await RecordingSubscriber.StartAsync();
        subscriber.Respond = (_, _) => Task.FromResult(503);
        await using var mesh = await MeshHost.StartAsync(JournalFile.DurableSettings());
        var scenario = await StartAsync(mesh, subscriber, "retry: 50\n    backoffPolicy: linear\n    backoffDelay: PT0.2S");

        for (var i = 0; i < 20; i++)
            (await scenario.SendAsync(CloudEventRequests.Binary($"e-{i}"))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        // Every event has been tried at least once and refused: all of them are still owed.
        await Eventually.TrueAsync(() => subscriber.Received.Select(r => r.Ce("id")).Distinct().Count() == 20, "a first attempt of each event");
        (await JournalFile.PendingAsync(mesh.DataDirectory)).ShouldBe(20);

        await mesh.StopAsync();
        subscriber.Respond = (_, _) => Task.FromResult(202);
        var before = subscriber.Received.Count;
        await mesh.StartAgainAsync();

        await Eventually.TrueAsync(async () => await JournalFile.PendingAsync(mesh.DataDirectory) == 0, "the journal to drain");
        var after = subscriber.Received.Skip(before).Select(r => r.Ce("id")).ToHashSet();
        after.ShouldBe(Enumerable.Range(0, 20).Select(i => $"e-{i}").ToHashSet(), ignoreOrder: true);
        (await JournalFile.EventsAsync(mesh.DataDirectory)).ShouldBe(0, "settled events are removed from the journal");
    }

    [Fact]
    public async Task A_restart_during_a_retry_backoff_resumes_that_retry_instead_of_starting_over()
    {
        await using var subscriber = await RecordingSubscriber.StartAsync();
        await using var deadLetters = await RecordingSubscriber.StartAsync();
        subscriber.Respond = (_, _) => Task.FromResult(500);
        await using var mesh = await MeshHost.StartAsync(JournalFile.DurableSettings());
        var scenario = await StartAsync(mesh, subscriber,
            $"retry: 2\n    backoffPolicy: linear\n    backoffDelay: PT2S\n    deadLetterSink: {{ uri: \"{deadLetters.Url}\" }}");

        (await scenario.SendAsync(CloudEventRequests.Binary("r-1"))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        // The first attempt failed and the second is scheduled: the journal says so before the wait.
        await Eventually.TrueAsync(async () => await JournalFile.CountAsync(mesh.DataDirectory, "SELECT COUNT(*) FROM mesh_deliveries WHERE attempt = 1") == 1,
            "the second attempt to be recorded");
        subscriber.Received.Count.ShouldBe(1);
        await mesh.StopAsync();
        await mesh.StartAgainAsync();

        await deadLetters.WaitForCountAsync(1);
        // Attempts 2 and 3 after the restart; starting over would have made it four in all.
        subscriber.Received.Count.ShouldBe(3);
        deadLetters.Received[0].Ce("id").ShouldBe("r-1");
        await Eventually.TrueAsync(async () => await JournalFile.PendingAsync(mesh.DataDirectory) == 0, "the journal to drain");
    }

    [Fact]
    public async Task A_channel_subscription_gets_what_it_was_owed_after_a_restart_and_its_healthy_sibling_nothing_twice()
    {
        await using var healthy = await RecordingSubscriber.StartAsync();
        await using var failing = await RecordingSubscriber.StartAsync();
        failing.Respond = (_, _) => Task.FromResult(503);
        await using var mesh = await MeshHost.StartAsync(JournalFile.DurableSettings());
        await mesh.MustApplyAsync($$"""
            apiVersion: messaging.knative.dev/v1
            kind: InMemoryChannel
            metadata: { name: orders, namespace: {{Ns}} }
            """);
        foreach (var (name, url) in new[] { ("healthy", healthy.Url), ("failing", failing.Url) })
        {
            await mesh.MustApplyAsync($$"""
                apiVersion: messaging.knative.dev/v1
                kind: Subscription
                metadata: { name: {{name}}, namespace: {{Ns}} }
                spec:
                  channel: { apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel, name: orders }
                  subscriber: { uri: "{{url}}" }
                  delivery: { retry: 100, backoffPolicy: linear, backoffDelay: PT0.1S }
                """);
            await mesh.WaitReadyAsync($"/apis/messaging.knative.dev/v1/namespaces/{Ns}/subscriptions/{name}");
        }

        for (var i = 0; i < 5; i++)
            (await mesh.Http.SendAsync(At($"/channels/{Ns}/orders", CloudEventRequests.Binary($"c-{i}")))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await healthy.WaitForCountAsync(5);
        await Eventually.TrueAsync(() => failing.Received.Select(r => r.Ce("id")).Distinct().Count() == 5, "a first attempt of each event");
        await mesh.StopAsync();
        failing.Respond = (_, _) => Task.FromResult(202);
        var before = failing.Received.Count;
        await mesh.StartAgainAsync();

        await Eventually.TrueAsync(async () => await JournalFile.PendingAsync(mesh.DataDirectory) == 0, "the journal to drain");
        failing.Received.Skip(before).Select(r => r.Ce("id")).Distinct().Count().ShouldBe(5);
        healthy.Received.Count.ShouldBe(5, "settled deliveries are not repeated after a restart");
    }

    [Fact]
    public async Task An_event_no_trigger_matches_is_not_stored()
    {
        await using var subscriber = await RecordingSubscriber.StartAsync();
        await using var mesh = await MeshHost.StartAsync(JournalFile.DurableSettings());
        await mesh.MustApplyAsync($"""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: {"{"} name: default, namespace: {Ns} {"}"}
            """);
        await mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: only-orders, namespace: {{Ns}} }
            spec:
              broker: default
              filter: { attributes: { type: order.created } }
              subscriber: { uri: "{{subscriber.Url}}" }
            """);
        await mesh.WaitReadyAsync($"/apis/eventing.knative.dev/v1/namespaces/{Ns}/triggers/only-orders");

        (await mesh.Http.SendAsync(At($"/{Ns}/default", CloudEventRequests.Binary("skip-1")))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await JournalFile.EventsAsync(mesh.DataDirectory)).ShouldBe(0);
    }

    [Fact]
    public async Task Ingress_answers_503_and_delivers_nothing_when_the_journal_cannot_commit()
    {
        await using var subscriber = await RecordingSubscriber.StartAsync();
        var journal = new FailingJournal();
        await using var mesh = await MeshHost.StartAsync(JournalFile.DurableSettings(),
            services: s => s.AddSingleton<IEventJournal>(journal));
        var scenario = await StartAsync(mesh, subscriber, "retry: 0");

        var response = await scenario.SendAsync(CloudEventRequests.Binary("lost-1"));

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter.ShouldNotBeNull();
        (await response.Content.ReadAsStringAsync()).ShouldContain("could not take the event");
        // The sentinel: once the journal commits again, an event accepted after the refused one arrives.
        journal.Failing = false;
        (await scenario.SendAsync(CloudEventRequests.Binary("sentinel"))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await subscriber.WaitForCountAsync(1);
        subscriber.Received.Select(r => r.Ce("id")).ShouldBe(["sentinel"]);
    }

    internal static async Task<BrokerScenario> StartAsync(MeshHost mesh, RecordingSubscriber subscriber, string delivery)
    {
        await mesh.MustApplyAsync($"""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: {"{"} name: default, namespace: {Ns} {"}"}
            spec:
              delivery:
                {delivery}
            """);
        await mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: default-all, namespace: {{Ns}} }
            spec:
              broker: default
              subscriber: { uri: "{{subscriber.Url}}{{Ns}}/default" }
            """);
        await mesh.WaitReadyAsync($"/apis/eventing.knative.dev/v1/namespaces/{Ns}/triggers/default-all");
        return new BrokerScenario(mesh, subscriber, Ns, "default");
    }

    private static HttpRequestMessage At(string path, HttpRequestMessage request)
    {
        request.RequestUri = new Uri(path, UriKind.Relative);
        return request;
    }

    /// <summary>A journal whose disk is gone while <see cref="Failing"/>; back, it commits (and keeps) nothing.</summary>
    private sealed class FailingJournal : IEventJournal
    {
        public volatile bool Failing = true;
        public bool IsDurable => true;
        public bool HasStorage => true;
        public Task AppendAsync(string stream, IReadOnlyList<JournalEvent> events) =>
            Failing ? Task.FromException(new IOException("disk gone")) : Task.CompletedTask;
        public void Settle(DeliveryKey key) { }
        public void Reschedule(DeliveryKey key, int attempt, DateTimeOffset due) { }
        public void Forget(string consumer) { }
        public Task<IReadOnlyList<PendingDelivery>> LoadPendingAsync(string consumer, Func<DeliveryKey, bool>? held = null, int limit = int.MaxValue, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<PendingDelivery>>([]);
        public Task<IReadOnlyList<string>> ConsumersWithPendingAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<string>>([]);
        public Task<long> LastSequenceAsync(string stream, CancellationToken cancellationToken = default) => Task.FromResult(0L);
    }
}
