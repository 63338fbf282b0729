using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CsCheck;
using Mesh.Grains.Delivery;
using Mesh.Grains.Durability;
using Mesh.Grains.Events;
using Mesh.Grains.Telemetry;
using Mesh.Silo.Hosting.Journal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;

namespace Mesh.Tests.Grains.Delivery;

/// <summary>
/// Ordered delivery as a property: whatever the arrivals, the failures and (in durable mode) the
/// restarts, a key's events reach the subscriber in acceptance order, and none is tried before the
/// one ahead of it was taken. A real HTTP subscriber, a real SQLite journal, and a memory bound small
/// enough that most cases page their backlog in from disk.
/// </summary>
public sealed class OrderedDeliveryPropertyTests : IAsyncLifetime
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddSerializer().AddMetrics().BuildServiceProvider();
    private static readonly MeshMetrics Metrics = new(Services.GetRequiredService<IMeterFactory>());

    private readonly ConcurrentQueue<(string Id, int Status)> _answers = new();
    private readonly ConcurrentDictionary<string, int> _failuresLeft = new();
    private RecordingSubscriber _subscriber = null!;

    private sealed record Arrival(int Key, int Failures);

    private sealed record Case(bool Durable, Arrival[] Arrivals, int[] RestartsAfter)
    {
        public override string ToString() =>
            $"{(Durable ? "durable" : "memory")}, arrivals (key:failures) {string.Join(" ", Arrivals.Select(a => $"{a.Key}:{a.Failures}"))}, restarts after {string.Join(",", RestartsAfter)}";
    }

    // Few keys, so that they interleave; key 0 is an event without partitionkey (all such share one key).
    private static readonly Gen<Case> Cases = Gen.Select(
        Gen.Bool,
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 2], (key, failures) => new Arrival(key, failures)).Array[1, 24],
        Gen.Int[0, 23].Array[0, 3],
        (durable, arrivals, restarts) => new Case(durable, arrivals, durable ? restarts : []));

    public async Task InitializeAsync()
    {
        _subscriber = await RecordingSubscriber.StartAsync();
        _subscriber.Respond = (request, _) =>
        {
            var id = request.Ce("id")!;
            // The event's first attempts fail as many times as the case says, then it is taken.
            var status = _failuresLeft.AddOrUpdate(id, -1, (_, left) => left - 1) >= 0 ? 503 : 202;
            _answers.Enqueue((id, status));
            return Task.FromResult(status);
        };
    }

    public async Task DisposeAsync() => await _subscriber.DisposeAsync();

    [Fact]
    public Task Random_arrivals_failures_and_restarts_never_reorder_a_key() =>
        Cases.SampleAsync(RunAsync, iter: 40, threads: 1);

    private async Task RunAsync(Case c)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var directory = Directory.CreateTempSubdirectory("mesh-ordered-").FullName;
        var journal = new SqliteEventJournal(Path.Combine(directory, "journal.db"), Services.GetRequiredService<Serializer<EventEnvelope>>(),
            Metrics, NullLogger<SqliteEventJournal>.Instance, c.Durable);
        var stream = new JournalAppender(journal, $"broker:prop/{run}", TimeProvider.System);
        var consumer = $"trigger:prop/{run}";
        var ids = new List<(string Id, int Key)>();
        var dispatcher = Start(journal, consumer);
        try
        {
            for (var i = 0; i < c.Arrivals.Length; i++)
            {
                var (key, failures) = c.Arrivals[i];
                var id = $"{run}-{i:D2}";
                ids.Add((id, key));
                _failuresLeft[id] = failures;
                var envelope = Event(id, key);
                // As a broker's router (durable: always journaled) or a source (memory: journaled while overflowing) hands it over.
                if (c.Durable || dispatcher.Overflowing)
                    foreach (var owed in await stream.AppendAsync([(envelope, [consumer])]))
                        dispatcher.Enqueue(new PendingDelivery(new DeliveryKey(consumer, $"broker:prop/{run}", owed.Sequence), envelope, 0, default));
                else
                    dispatcher.Enqueue(envelope);
                if (c.RestartsAfter.Contains(i))
                {
                    await dispatcher.DisposeAsync();
                    dispatcher = Start(journal, consumer);
                }
            }
            await Eventually.TrueAsync(() => ids.All(e => Succeeded(e.Id)), $"every event of run {run} taken once",
                () => string.Join(", ", ids.Where(e => !Succeeded(e.Id)).Select(e => e.Id)), TimeSpan.FromSeconds(60));
        }
        finally
        {
            await dispatcher.DisposeAsync();
            await journal.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }

        var answers = _answers.ToList();
        foreach (var key in ids.Select(e => e.Key).Distinct())
        {
            var inOrder = ids.Where(e => e.Key == key).Select(e => e.Id).ToList();
            for (var k = 1; k < inOrder.Count; k++)
            {
                var previousTaken = answers.FindIndex(a => a.Id == inOrder[k - 1] && a.Status == 202);
                var firstTry = answers.FindIndex(a => a.Id == inOrder[k]);
                firstTry.ShouldBeGreaterThan(previousTaken,
                    $"key {key}: {inOrder[k]} was tried before {inOrder[k - 1]} was taken ({c})\n{string.Join(" ", answers.Where(a => a.Id.StartsWith(run, StringComparison.Ordinal)))}");
            }
        }
    }

    private Dispatcher Start(IEventJournal journal, string consumer)
    {
        var dispatcher = new Dispatcher(
            new DispatchTarget("prop/t", "prop", _subscriber.Url,
                new DeliverySpec(Retry: 10, BackoffPolicy: BackoffPolicy.Linear, BackoffDelay: TimeSpan.FromMilliseconds(5))) { Ordered = true },
            maxInFlight: 4, new EventSender(new HttpClient(), TimeProvider.System), TimeProvider.System, null, Metrics, NullLogger.Instance,
            journal, new BacklogOptions(consumer, MaxQueued: 3));
        // As an activation does: read back whatever the journal owes.
        dispatcher.Recheck();
        return dispatcher;
    }

    private bool Succeeded(string id) => _answers.Any(a => a.Id == id && a.Status == 202);

    private static EventEnvelope Event(string id, int key)
    {
        var attributes = new Dictionary<string, string> { ["specversion"] = "1.0", ["id"] = id, ["source"] = "/prop", ["type"] = "dev.mesh.test" };
        if (key > 0) attributes[CloudEventNames.PartitionKey] = $"k{key}";
        return new EventEnvelope(attributes, []);
    }
}
