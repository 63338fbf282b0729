using System.Diagnostics.Metrics;
using Mesh.Gateway.Ingress;
using Mesh.Grains.Brokers;
using Mesh.Grains.Events;
using Mesh.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Tests.Gateway.Ingress;

public sealed class IngressBatcherTests
{
    private static EventEnvelope Event(int i) => new(new Dictionary<string, string> { [CloudEventNames.Id] = $"e-{i}" }, []);

    [Fact]
    public void Requests_that_arrive_in_the_same_turn_share_one_publish()
    {
        var batcher = new IngressBatcher();
        var batches = new List<string[]>();
        SingleThreadContext.Run(async () =>
        {
            var answers = Enumerable.Range(0, 5).Select(i => batcher.PublishAsync("broker/a/b", [Event(i)], events =>
            {
                batches.Add([.. events.Select(e => e.Id)]);
                return Task.FromResult(PublishResult.Accepted);
            })).ToList();
            (await Task.WhenAll(answers)).ShouldAllBe(result => result == PublishResult.Accepted);
        });
        // Even a publish that completes at once waits for the submitting turn to end, so the
        // requests being read meanwhile join it instead of each paying a grain call of its own.
        batches.ShouldHaveSingleItem().ShouldBe(["e-0", "e-1", "e-2", "e-3", "e-4"]);
        batcher.LaneCount.ShouldBe(0);
    }

    /// <summary>
    /// Runs <paramref name="scenario"/> on one thread with a batcher whose publishes it records by
    /// size; the first publish stays in flight until the scenario answers it (the second argument).
    /// </summary>
    private static List<int> Batches(Func<Func<int, Task<PublishResult>>, TaskCompletionSource<PublishResult>, Task> scenario)
    {
        var batcher = new IngressBatcher();
        var batches = new List<int>();
        var first = new TaskCompletionSource<PublishResult>();
        SingleThreadContext.Run(() => scenario(i => batcher.PublishAsync("broker/a/b", [Event(i)], events =>
        {
            batches.Add(events.Length);
            return batches.Count == 1 ? first.Task : Task.FromResult(PublishResult.Accepted);
        }), first));
        return batches;
    }

    [Fact]
    public void Requests_that_arrive_while_a_publish_is_in_flight_share_the_next_one() =>
        Batches(async (publish, first) =>
        {
            var lone = publish(0);
            await Task.Yield();
            var later = Enumerable.Range(1, 3).Select(publish).ToList();
            first.SetResult(PublishResult.Accepted);
            await Task.WhenAll([lone, .. later]);
        }).ShouldBe([1, 3]);

    [Fact]
    public void Requests_read_while_a_publish_is_answered_join_the_one_already_waiting() =>
        Batches(async (publish, first) =>
        {
            var lone = publish(0);
            await Task.Yield();
            var waiting = publish(1);
            // The first publish is answered in the turn that goes on to read two more requests:
            // the next publish waits for that turn to end, and takes them along with the waiting one.
            first.SetResult(PublishResult.Accepted);
            var read = new[] { publish(2), publish(3) };
            await Task.WhenAll([lone, waiting, .. read]);
        }).ShouldBe([1, 3]);

    [Fact]
    public async Task Each_publish_reports_how_many_events_it_carried()
    {
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var recorded = new List<long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "mesh.ingress.publish.events" && ReferenceEquals(instrument.Meter.Scope, meters)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => recorded.Add(value));
        listener.Start();
        var batcher = new IngressBatcher(new MeshMetrics(meters));
        SingleThreadContext.Run(async () =>
        {
            // Two requests of one event and one of three in the same turn, then a lone one.
            var together = new[] { 1, 1, 3 }.Select(n => batcher.PublishAsync("broker/a/b", [.. Enumerable.Range(0, n).Select(Event)],
                _ => Task.FromResult(PublishResult.Accepted))).ToList();
            await Task.WhenAll(together);
            await batcher.PublishAsync("broker/a/b", [Event(9)], _ => Task.FromResult(PublishResult.Accepted));
        });
        recorded.ShouldBe([5, 1]);
    }
}
