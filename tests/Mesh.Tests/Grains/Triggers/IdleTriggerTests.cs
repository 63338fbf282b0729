using Mesh.Grains.Telemetry;
using Mesh.Tests.Grains.Durability;
using Resource = Mesh.Tests.Operator.Resource;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Tests.Grains.Triggers;

/// <summary>
/// A trigger with nothing owed is not kept in memory: applied and never sent an event, or quiet for
/// <c>Mesh:Delivery:IdleTriggerLifetime</c>, its activation is let go, and its next event brings it
/// back from its stored spec. One with work left (a retry pending) stays until the work is done.
/// </summary>
[Trait("Category", "Slow")]
public sealed class IdleTriggerTests
{
    private const string Ns = "idle";

    private static Dictionary<string, string?> Settings(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?> { ["Mesh:Delivery:IdleTriggerLifetime"] = "00:00:01" };
        foreach (var (key, value) in more ?? []) settings[key] = value;
        return settings;
    }

    [Fact]
    public async Task A_trigger_never_sent_an_event_is_let_go_after_its_apply_and_its_first_event_brings_it_back()
    {
        await using var subscriber = await RecordingSubscriber.StartAsync();
        await using var mesh = await MeshHost.StartAsync(Settings());
        await ApplyAsync(mesh, "lazy", subscriber);

        await WaitInactiveAsync(mesh, "lazy");
        (await IsActiveAsync(mesh, "router", "mesh.broker-router", $"{Ns}/default")).ShouldBeTrue("the query sees the broker's router, which stays");

        await mesh.SendEventAsync($"/{Ns}/default", "first", "dev.mesh.idle");
        await subscriber.WaitForCountAsync(1);
        subscriber.Received.Single().Ce("id").ShouldBe("first");
        await mesh.WaitReadyAsync(Resource.Trigger(Ns, "lazy"));
    }

    [Fact]
    public async Task A_trigger_quiet_for_its_lifetime_is_let_go_and_keeps_its_counts_with_a_queue_depth_of_zero()
    {
        await using var subscriber = await RecordingSubscriber.StartAsync();
        await using var mesh = await MeshHost.StartAsync(Settings());
        await ApplyAsync(mesh, "quiet", subscriber);
        await mesh.SendEventAsync($"/{Ns}/default", "one", "dev.mesh.idle");
        await subscriber.WaitForCountAsync(1);

        await WaitInactiveAsync(mesh, "quiet");

        var stats = Stats(mesh, "quiet");
        stats.Delivered.ShouldBe(1);
        stats.QueueDepth.ShouldBe(0);
        await mesh.SendEventAsync($"/{Ns}/default", "two", "dev.mesh.idle");
        await subscriber.WaitForCountAsync(2);
        // The subscriber records a request before answering it: the count follows the answer.
        await Eventually.TrueAsync(() => Stats(mesh, "quiet").Delivered == 2, "the second delivery counted on top of the first",
            () => $"delivered {Stats(mesh, "quiet").Delivered}");
    }

    private static ObjectStats Stats(MeshHost mesh, string trigger) =>
        mesh.Services.GetRequiredService<MeshMetrics>().Snapshot().Single(s => s.Key == $"triggers/{Ns}/{trigger}");

    [Fact]
    public async Task A_trigger_waiting_for_a_retry_is_not_let_go_before_the_retry_is_made()
    {
        await using var subscriber = await RecordingSubscriber.StartAsync();
        var attempts = 0;
        subscriber.Respond = (_, _) => Task.FromResult(Interlocked.Increment(ref attempts) == 1 ? 503 : 202);
        await using var mesh = await MeshHost.StartAsync(Settings());
        // Four lifetimes between the attempts: an idle check in between would have let it go.
        await ApplyAsync(mesh, "retrying", subscriber, "delivery: { retry: 1, backoffPolicy: linear, backoffDelay: PT4S }");

        await mesh.SendEventAsync($"/{Ns}/default", "again", "dev.mesh.idle");
        await subscriber.WaitForCountAsync(1);
        // Sampled until the retry arrives. Memory mode: a deactivation would also have dropped the
        // retry, and the second attempt would never come.
        var letGo = 0;
        await Eventually.TrueAsync(async () =>
        {
            var active = await IsActiveAsync(mesh, "retrying");
            // Read after the sample: once the retry is made the trigger may go (a slow poll saw that once).
            var retried = subscriber.Received.Count >= 2;
            if (!active && !retried) letGo++;
            return retried;
        }, "the retry to be made", timeout: TimeSpan.FromSeconds(30));
        letGo.ShouldBe(0, "the trigger was seen let go while its retry was pending");
        subscriber.Received.Select(r => r.Ce("id")).ShouldBe(["again", "again"]);
        await WaitInactiveAsync(mesh, "retrying");
    }

    [Fact]
    public async Task After_a_restart_an_idle_trigger_stays_let_go_and_its_next_event_is_delivered_in_durable_mode()
    {
        await using var subscriber = await RecordingSubscriber.StartAsync();
        await using var mesh = await MeshHost.StartAsync(Settings(JournalFile.DurableSettings()));
        await ApplyAsync(mesh, "restarted", subscriber);
        await WaitInactiveAsync(mesh, "restarted");

        await mesh.RestartAsync();

        (await IsActiveAsync(mesh, "router", "mesh.broker-router", $"{Ns}/default")).ShouldBeTrue("the query sees the broker's router");
        (await IsActiveAsync(mesh, "restarted")).ShouldBeFalse("the restart's resync to leave an unchanged idle trigger unactivated");
        (await mesh.WaitReadyAsync(Resource.Trigger(Ns, "restarted")))["status"]!["subscriberUri"]!.GetValue<string>().ShouldBe(subscriber.Url.ToString());
        await mesh.SendEventAsync($"/{Ns}/default", "after", "dev.mesh.idle");
        await subscriber.WaitForCountAsync(1);
        subscriber.Received.Single().Ce("id").ShouldBe("after");
        await Eventually.TrueAsync(async () => await JournalFile.PendingAsync(mesh.DataDirectory) == 0, "the delivery to be settled");
    }

    [Fact]
    public async Task A_lifetime_under_a_second_is_refused_at_start_naming_the_setting()
    {
        var failure = await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            MeshHost.StartAsync(new Dictionary<string, string?> { ["Mesh:Delivery:IdleTriggerLifetime"] = "00:00:00" }));

        failure.Message.ShouldContain("Mesh:Delivery:IdleTriggerLifetime");
        failure.Message.ShouldContain("(was 00:00:00)");
    }

    private static async Task ApplyAsync(MeshHost mesh, string name, RecordingSubscriber subscriber, string? extra = null)
    {
        await mesh.MustApplyAsync($"""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: {"{"} name: default, namespace: {Ns} {"}"}
            """);
        await mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: {{name}}, namespace: {{Ns}} }
            spec:
              broker: default
              filter: { attributes: { type: dev.mesh.idle } }
              subscriber: { uri: "{{subscriber.Url}}" }
              {{extra ?? ""}}
            """);
        await mesh.WaitReadyAsync(Resource.Trigger(Ns, name));
    }

    private static Task WaitInactiveAsync(MeshHost mesh, string trigger) =>
        Eventually.TrueAsync(async () => !await IsActiveAsync(mesh, trigger), $"trigger {trigger} to be let go");

    private static Task<bool> IsActiveAsync(MeshHost mesh, string trigger) => IsActiveAsync(mesh, trigger, "mesh.trigger", $"{Ns}/{trigger}");

    private static async Task<bool> IsActiveAsync(MeshHost mesh, string what, string grainType, string key)
    {
        var management = mesh.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var statistics = await management.GetDetailedGrainStatistics();
        return statistics.Any(s => s.GrainId.Type.ToString() == grainType && s.GrainId.Key.ToString() == key);
    }
}
