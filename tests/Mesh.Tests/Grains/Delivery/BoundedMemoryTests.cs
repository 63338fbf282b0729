using System.Net;
using Mesh.Grains.Delivery;
using Mesh.Grains.Telemetry;
using Mesh.Tests.Grains.Durability;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mesh.Tests.Grains.Delivery;

/// <summary>
/// <c>Mesh:Delivery:MaxQueuedPerTrigger</c>: a consumer behind a stalled subscriber keeps at most that
/// many deliveries in memory; the rest wait on disk (the journal, or memory mode's spill file) and
/// come back in acceptance order. One delivery in flight per consumer, so order is visible.
/// </summary>
public sealed class BoundedMemoryTests
{
    private const int Bound = 20;
    private const int Events = 300;
    // Memory mode: events the router had already handed over when the trigger asked it to spill.
    private const int InTransit = 10;

    [Theory]
    [InlineData("Memory")]
    [InlineData("Durable")]
    public async Task A_trigger_behind_a_stalled_subscriber_holds_its_bound_in_memory_while_its_sibling_gets_everything_and_the_rest_comes_back_in_order(string durability)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await RecordingSubscriber.StartAsync();
        await using var fast = await RecordingSubscriber.StartAsync();
        slow.Respond = async (_, _) =>
        {
            await release.Task;
            return 202;
        };
        await using var mesh = await MeshHost.StartAsync(Settings(durability));
        var metrics = mesh.Services.GetRequiredService<MeshMetrics>();
        using var held = new GaugeRecorder(metrics.Queued, TagNames.Trigger, "slow");
        using var spilled = new CounterRecorder(metrics.Spilled);
        await BrokerWithTriggersAsync(mesh, "bounded", slow, fast);
        // Idle triggers are let go and activated by their next event: what reaches one while it
        // activates is taken before it can ask its router to spill. The bound is about an active
        // trigger, so both take one event first (the slow one keeps it in flight).
        await mesh.SendEventAsync("/bounded/default", "first", "dev.mesh.test");
        await fast.WaitForCountAsync(1);
        await slow.WaitForCountAsync(1);

        var ids = Enumerable.Range(0, Events).Select(i => $"e-{i:D3}").Prepend("first").ToList();
        foreach (var id in ids.Skip(1)) await mesh.SendEventAsync("/bounded/default", id, "dev.mesh.test");

        // The fast trigger is not held back by its stalled sibling.
        await fast.WaitForCountAsync(Events + 1);
        held.Max.ShouldBeGreaterThanOrEqualTo(Bound, "the stalled trigger fills its memory before anything waits on disk");
        held.Max.ShouldBeLessThanOrEqualTo(Bound + (durability == "Memory" ? InTransit : 0), "deliveries held in memory");
        spilled.Total.ShouldBeGreaterThan(0);
        var onDisk = await OwedOnDiskAsync(mesh.DataDirectory, durability == "Durable" ? "journal.db" : "spill.db", "trigger:bounded/slow");
        onDisk.ShouldBeGreaterThanOrEqualTo(Events - Bound - InTransit - 1, "what memory does not hold waits on disk");

        release.SetResult();
        await slow.WaitForCountAsync(Events + 1, TimeSpan.FromSeconds(60));
        slow.Received.Select(r => r.Ce("id")).ShouldBe(ids, "read back in acceptance order");
        fast.Received.Select(r => r.Ce("id")).ShouldBe(ids);
        held.Max.ShouldBeLessThanOrEqualTo(Bound + (durability == "Memory" ? InTransit : 0), "deliveries held in memory while draining");
        await Eventually.TrueAsync(async () => await OwedOnDiskAsync(mesh.DataDirectory, durability == "Durable" ? "journal.db" : "spill.db", "trigger:bounded/slow") == 0,
            "the backlog on disk to be settled");
    }

    [Fact]
    public async Task In_memory_mode_the_producer_sees_503_only_when_the_spill_file_refuses_and_a_refused_event_reaches_no_trigger()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await RecordingSubscriber.StartAsync();
        await using var fast = await RecordingSubscriber.StartAsync();
        slow.Respond = async (_, _) =>
        {
            await release.Task;
            return 202;
        };
        await using var mesh = await MeshHost.StartAsync(Settings("Memory"));
        await BrokerWithTriggersAsync(mesh, "refusing", slow, fast);
        // Triggers are activated by their first event, and read the spill file (creating its
        // tables) then: one event first, which the slow trigger keeps in flight.
        (await PostAsync(mesh, "/refusing/default", "first")).ShouldBe(HttpStatusCode.Accepted);
        await fast.WaitForCountAsync(1);
        await slow.WaitForCountAsync(1);
        await RefuseSpillsAsync(mesh.DataDirectory, refuse: true);

        var answers = new List<(string Id, HttpStatusCode Status)> { ("first", HttpStatusCode.Accepted) };
        // Up to the first refusal: each refused event waits for the journal's next attempt, which backs
        // off up to 2 s after failures, and the event below shows that refusals go on.
        for (var i = 0; i < 60 && !answers.Any(a => a.Status == HttpStatusCode.ServiceUnavailable); i++)
            answers.Add(($"r-{i:D2}", await PostAsync(mesh, "/refusing/default", $"r-{i:D2}")));

        answers.Take(Bound).ShouldAllBe(a => a.Status == HttpStatusCode.Accepted, "memory has room: the disk is not involved");
        answers.ShouldAllBe(a => a.Status == HttpStatusCode.Accepted || a.Status == HttpStatusCode.ServiceUnavailable);
        answers.ShouldContain(a => a.Status == HttpStatusCode.ServiceUnavailable, "once the slow trigger spills, the refusing disk is the producer's 503");
        using (var refused = CloudEventRequests.Binary("refused-once-more"))
        {
            refused.RequestUri = new Uri("/refusing/default", UriKind.Relative);
            var response = await mesh.Http.SendAsync(refused);
            response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            response.Headers.RetryAfter.ShouldNotBeNull();
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        }

        await RefuseSpillsAsync(mesh.DataDirectory, refuse: false);
        (await PostAsync(mesh, "/refusing/default", "after")).ShouldBe(HttpStatusCode.Accepted);
        release.SetResult();
        var accepted = answers.Where(a => a.Status == HttpStatusCode.Accepted).Select(a => a.Id).Append("after").ToList();
        await slow.WaitForCountAsync(accepted.Count, TimeSpan.FromSeconds(60));
        await fast.WaitForCountAsync(accepted.Count);
        // Sentinel seen: nothing else is on its way. Refused events reached neither trigger.
        slow.Received.Select(r => r.Ce("id")).ShouldBe(accepted);
        fast.Received.Select(r => r.Ce("id")).ShouldBe(accepted);
    }

    [Fact]
    public async Task A_subscription_behind_a_stalled_subscriber_holds_its_bound_and_gets_everything_in_order()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await RecordingSubscriber.StartAsync();
        slow.Respond = async (_, _) =>
        {
            await release.Task;
            return 202;
        };
        await using var mesh = await MeshHost.StartAsync(Settings("Memory"));
        using var held = new GaugeRecorder(mesh.Services.GetRequiredService<MeshMetrics>().Queued, TagNames.Subscription, "sub");
        await mesh.MustApplyAsync("""
            apiVersion: messaging.knative.dev/v1
            kind: InMemoryChannel
            metadata: { name: ch, namespace: bounded-ch }
            """);
        await mesh.MustApplyAsync($$"""
            apiVersion: messaging.knative.dev/v1
            kind: Subscription
            metadata: { name: sub, namespace: bounded-ch }
            spec:
              channel: { apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel, name: ch }
              subscriber: { uri: "{{slow.Url}}" }
            """);
        await mesh.WaitReadyAsync("/apis/messaging.knative.dev/v1/namespaces/bounded-ch/subscriptions/sub");

        var ids = Enumerable.Range(0, 150).Select(i => $"c-{i:D3}").ToList();
        foreach (var id in ids) (await PostAsync(mesh, "/channels/bounded-ch/ch", id)).ShouldBe(HttpStatusCode.Accepted);
        (await OwedOnDiskAsync(mesh.DataDirectory, "spill.db", "subscription:bounded-ch/sub")).ShouldBeGreaterThanOrEqualTo(150 - Bound - InTransit - 1);

        release.SetResult();
        await slow.WaitForCountAsync(ids.Count, TimeSpan.FromSeconds(60));
        slow.Received.Select(r => r.Ce("id")).ShouldBe(ids);
        held.Max.ShouldBeInRange(Bound, Bound + InTransit);
    }

    [Fact]
    public async Task A_bound_below_one_is_refused_at_start_naming_the_setting()
    {
        var failure = await Should.ThrowAsync<OptionsValidationException>(() =>
            MeshHost.StartAsync(new Dictionary<string, string?> { ["Mesh:Delivery:MaxQueuedPerTrigger"] = "0" }));

        failure.Message.ShouldContain("Mesh:Delivery:MaxQueuedPerTrigger");
        failure.Message.ShouldContain("(was 0)");
    }

    internal static Dictionary<string, string?> Settings(string durability) => new()
    {
        ["Mesh:Durability"] = durability,
        ["Mesh:Journal:RecoveryInterval"] = "00:00:01",
        ["Mesh:Delivery:MaxQueuedPerTrigger"] = Bound.ToString(),
        ["Mesh:Delivery:MaxInFlightPerTrigger"] = "1",
    };

    private static async Task BrokerWithTriggersAsync(MeshHost mesh, string ns, RecordingSubscriber slow, RecordingSubscriber fast)
    {
        await mesh.MustApplyAsync($"""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: {"{"} name: default, namespace: {ns} {"}"}
            """);
        foreach (var (name, subscriber) in new[] { ("slow", slow), ("fast", fast) })
        {
            await mesh.MustApplyAsync($$"""
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata: { name: {{name}}, namespace: {{ns}} }
                spec:
                  broker: default
                  subscriber: { uri: "{{subscriber.Url}}" }
                """);
            await mesh.WaitReadyAsync($"/apis/eventing.knative.dev/v1/namespaces/{ns}/triggers/{name}");
        }
    }

    private static async Task<HttpStatusCode> PostAsync(MeshHost mesh, string path, string id)
    {
        using var request = CloudEventRequests.Binary(id);
        request.RequestUri = new Uri(path, UriKind.Relative);
        return (await mesh.Http.SendAsync(request)).StatusCode;
    }

    private static async Task<long> OwedOnDiskAsync(string dataDirectory, string file, string consumer)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, file)};Pooling=false");
        await connection.OpenAsync();
        await using var command = new SqliteCommand("SELECT COUNT(*) FROM mesh_deliveries WHERE consumer = $c", connection);
        command.Parameters.AddWithValue("$c", consumer);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    // A disk that refuses: SQL triggers in the spill file abort every insert of an event, whether
    // into a row of its own or (owed to one consumer) into its delivery's row.
    private static Task RefuseSpillsAsync(string dataDirectory, bool refuse) =>
        Eventually.TrueAsync(async () =>
        {
            try
            {
                await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "spill.db")};Pooling=false");
                await connection.OpenAsync();
                await using var command = new SqliteCommand(refuse
                    ? """
                      CREATE TRIGGER IF NOT EXISTS refuse BEFORE INSERT ON mesh_events BEGIN SELECT RAISE(ABORT, 'the disk refuses'); END;
                      CREATE TRIGGER IF NOT EXISTS refuse_sole BEFORE INSERT ON mesh_deliveries BEGIN SELECT RAISE(ABORT, 'the disk refuses'); END;
                      """
                    : "DROP TRIGGER IF EXISTS refuse; DROP TRIGGER IF EXISTS refuse_sole;", connection);
                await command.ExecuteNonQueryAsync();
                return true;
            }
            catch (SqliteException)
            {
                // The mesh creates the spill file's tables when its consumers first read it.
                return false;
            }
        }, "the spill file to take the trigger");
}
