using System.Diagnostics;
using Xunit.Abstractions;

namespace Mesh.Tests.Faults;

/// <summary>
/// Memory mode, one real process, producers at full speed for a minute against a broker with a
/// subscriber answering in 200 ms beside a fast one: the slow trigger's backlog goes to the spill
/// file, so the process's memory stays flat while the backlog grows, the fast trigger keeps up with
/// the producers, and every accepted event reaches both once the slow subscriber speeds up.
/// </summary>
[Trait("Category", "Slow")]
public sealed class OverloadTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Load = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Below the default (10,000) so that the slow trigger's backlog passes it within seconds even
    /// when a loaded two-core machine lets the producers reach only a few hundred events a second;
    /// the soak benchmark (bench/soak.sh) runs with the default.
    /// </summary>
    private const int MaxQueued = 2_000;

    /// <summary>
    /// The bound stated in docs/performance.md: the silo's resident memory never passes it. Measured
    /// 130–215 MiB here (Debug build, two shared cores) and 218–304 MiB over the ten-minute soak;
    /// before the bound it passed 560 MiB in 45 s and kept climbing.
    /// </summary>
    private const double BoundMiB = 400;

    /// <summary>Flat: over the last half of the load, memory grows by less than this while the backlog doubles.</summary>
    private const double FlatMiB = 64;

    [Fact]
    public async Task Under_full_load_memory_stays_flat_the_fast_trigger_keeps_its_rate_and_every_accepted_event_reaches_both()
    {
        await using var slow = await CountingSubscriber.StartAsync(TimeSpan.FromMilliseconds(200));
        await using var fast = await CountingSubscriber.StartAsync(TimeSpan.Zero);
        await using var silo = new SiloProcess("overload", new Dictionary<string, string>
        {
            ["Mesh:Durability"] = "Memory",
            ["Mesh:Delivery:MaxQueuedPerTrigger"] = MaxQueued.ToString(),
        }, output);
        await silo.StartAsync();
        await ResourceApi.MustApplyAsync(silo.Http, """
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: default, namespace: overload }
            """);
        foreach (var (name, subscriber) in new[] { ("slow", slow), ("fast", fast) })
        {
            await ResourceApi.MustApplyAsync(silo.Http, $$"""
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata: { name: {{name}}, namespace: overload }
                spec:
                  broker: default
                  subscriber: { uri: "{{subscriber.Url}}" }
                """);
            await ResourceApi.WaitReadyAsync(silo.Http, $"/apis/eventing.knative.dev/v1/namespaces/overload/triggers/{name}");
        }

        await using var load = new FullSpeedLoad(new Uri(silo.BaseAddress, "/overload/default"), workers: 32);
        var samples = new List<Sample>();
        var clock = Stopwatch.StartNew();
        load.Start();
        using (var second = new PeriodicTimer(TimeSpan.FromSeconds(1)))
        {
            while (clock.Elapsed < Load && await second.WaitForNextTickAsync())
                samples.Add(new Sample(clock.Elapsed.TotalSeconds, silo.ResidentMiB(), load.Acknowledged, fast.Count, slow.Count));
        }
        await load.StopAsync();
        output.WriteLine("  s    RSS MiB   accepted   fast      slow");
        foreach (var s in samples) output.WriteLine($"{s.Seconds,4:0} {s.ResidentMiB,9:0} {s.Accepted,9} {s.Fast,9} {s.Slow,9}");
        output.WriteLine($"other answers: {load.Other}");

        var accepted = load.AcknowledgedIds;
        var end = samples[^1];
        var middle = samples.First(s => s.Seconds >= Load.TotalSeconds / 2);
        (end.Accepted - end.Slow).ShouldBeGreaterThan(2 * MaxQueued, "the slow trigger must have fallen far behind (most of its backlog on disk) for the test to mean anything");
        ((double)(end.Accepted - end.Slow)).ShouldBeGreaterThan(1.5 * (middle.Accepted - middle.Slow), "its backlog grows over the second half");
        samples.Max(s => s.ResidentMiB).ShouldBeLessThan(BoundMiB, "resident memory of the silo");
        samples.Where(s => s.Seconds >= middle.Seconds).Max(s => s.ResidentMiB)
            .ShouldBeLessThan(samples.Where(s => s.Seconds >= 10 && s.Seconds < middle.Seconds).Max(s => s.ResidentMiB) + FlatMiB,
                "memory flat while the backlog grows");
        // The fast trigger keeps the producers' rate: over the second half it delivered (almost) all that was accepted.
        ((double)(end.Fast - middle.Fast)).ShouldBeGreaterThan(0.9 * (end.Accepted - middle.Accepted), "fast trigger's deliveries over the second half");

        slow.Latency = TimeSpan.Zero;
        // Counts first (cheap to poll), then every id.
        await Eventually.TrueAsync(() => fast.Count >= accepted.Count && slow.Count >= accepted.Count, $"{accepted.Count} deliveries at each subscriber",
            () => $"fast {fast.Count}, slow {slow.Count}; RSS {silo.ResidentMiB():0} MiB", TimeSpan.FromMinutes(6));
        await Eventually.TrueAsync(() => accepted.All(fast.Has) && accepted.All(slow.Has),
            $"every one of {accepted.Count} accepted events at both subscribers",
            () => $"fast missing {accepted.Count(id => !fast.Has(id))}, slow missing {accepted.Count(id => !slow.Has(id))}; RSS {silo.ResidentMiB():0} MiB",
            TimeSpan.FromMinutes(1));
        output.WriteLine($"all {accepted.Count} accepted events delivered to both; duplicates fast {fast.Duplicates}, slow {slow.Duplicates}; RSS after the drain {silo.ResidentMiB():0} MiB");
    }

    private sealed record Sample(double Seconds, double ResidentMiB, long Accepted, long Fast, long Slow);
}
