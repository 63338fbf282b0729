using System.Diagnostics.Metrics;
using Mesh.Grains.Delivery;
using Mesh.Grains.Durability;
using Mesh.Grains.Events;
using Mesh.Grains.Telemetry;
using Mesh.Silo.Hosting.Journal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Shouldly;

namespace Mesh.Tests.Grains.Delivery;

/// <summary>
/// The periodic recovery pass on a running dispatcher (<see cref="Dispatcher.LookForLost"/>): it
/// finds a hand-off that never arrived, and lets hand-offs in while it reads instead of leaving
/// them on disk for a read of their own. A real SQLite journal, a real HTTP subscriber.
/// </summary>
public sealed class DispatcherLookForLostTests : IAsyncLifetime
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddSerializer().AddMetrics().BuildServiceProvider();
    private static readonly MeshMetrics Metrics = new(Services.GetRequiredService<IMeterFactory>());

    private readonly string _directory = Directory.CreateTempSubdirectory("mesh-lost-").FullName;
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private RecordingSubscriber _subscriber = null!;
    private SqliteEventJournal _journal = null!;
    private JournalAppender _stream = null!;

    private string Consumer => $"trigger:lost/{_run}";

    private string Stream => $"broker:lost/{_run}";

    public async Task InitializeAsync()
    {
        _subscriber = await RecordingSubscriber.StartAsync();
        _journal = new SqliteEventJournal(Path.Combine(_directory, "journal.db"), Services.GetRequiredService<Serializer<EventEnvelope>>(),
            Metrics, NullLogger<SqliteEventJournal>.Instance, durable: true);
        _stream = new JournalAppender(_journal, Stream, TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        await _journal.DisposeAsync();
        await _subscriber.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_hand_off_that_never_arrived_is_found_and_delivered_once()
    {
        await using var dispatcher = Start(ordered: false);
        var first = await AppendAsync("first");
        var lost = await AppendAsync("lost");
        dispatcher.Enqueue(first).ShouldBeTrue();
        await _subscriber.WaitForCountAsync(1);

        dispatcher.LookForLost();
        await Eventually.TrueAsync(() => Delivered("lost") == 1, "the lost hand-off delivered");

        // It arrives after all: already held or settled, so not delivered again.
        dispatcher.Enqueue(lost).ShouldBeFalse();
        dispatcher.Enqueue(await AppendAsync("sentinel")).ShouldBeTrue();
        await Eventually.TrueAsync(() => Delivered("sentinel") == 1, "the sentinel delivered");
        Delivered("first").ShouldBe(1);
        Delivered("lost").ShouldBe(1);
    }

    [Fact]
    public async Task A_hand_off_during_the_lookup_is_taken_into_memory_not_left_on_disk()
    {
        var journal = new GatedJournal(_journal);
        await using var dispatcher = Start(ordered: false, journal);
        await AppendAsync("lost");
        var meanwhile = await AppendAsync("meanwhile");

        dispatcher.LookForLost();
        dispatcher.Enqueue(meanwhile).ShouldBeTrue("a running dispatcher with room takes a hand-off while it looks");
        journal.Gate.SetResult();
        await Eventually.TrueAsync(() => Delivered("lost") == 1 && Delivered("meanwhile") == 1, "both delivered");
    }

    [Fact]
    public async Task An_ordered_target_reads_back_in_acceptance_order_instead()
    {
        var journal = new GatedJournal(_journal);
        await using var dispatcher = Start(ordered: true, journal);
        await AppendAsync("lost");
        var meanwhile = await AppendAsync("meanwhile");

        dispatcher.LookForLost();
        // Refused while the ordered read runs: it comes from the journal after what was owed before it.
        dispatcher.Enqueue(meanwhile).ShouldBeFalse();
        journal.Gate.SetResult();
        await Eventually.TrueAsync(() => Delivered("lost") == 1 && Delivered("meanwhile") == 1, "both delivered");
        _subscriber.Received.Select(r => r.Ce("id")).ShouldBe([$"{_run}-lost", $"{_run}-meanwhile"]);
    }

    private int Delivered(string name) => _subscriber.Received.Count(r => r.Ce("id") == $"{_run}-{name}");

    private async Task<PendingDelivery> AppendAsync(string name)
    {
        var attributes = new Dictionary<string, string> { ["specversion"] = "1.0", ["id"] = $"{_run}-{name}", ["source"] = "/lost", ["type"] = "dev.mesh.test" };
        var envelope = new EventEnvelope(attributes, []);
        var owed = (await _stream.AppendAsync([(envelope, [Consumer])])).Single();
        return new PendingDelivery(new DeliveryKey(Consumer, Stream, owed.Sequence), envelope, 0, default);
    }

    // The SQLite journal, with reads of owed deliveries held until the test opens the gate: the
    // hand-off under test then certainly arrives while a read is under way.
    private sealed class GatedJournal(IEventJournal inner) : IEventJournal
    {
        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool IsDurable => inner.IsDurable;
        public bool HasStorage => inner.HasStorage;
        public Task AppendAsync(string stream, IReadOnlyList<JournalEvent> events) => inner.AppendAsync(stream, events);
        public void Settle(DeliveryKey key) => inner.Settle(key);
        public void Reschedule(DeliveryKey key, int attempt, DateTimeOffset due) => inner.Reschedule(key, attempt, due);
        public void Forget(string consumer) => inner.Forget(consumer);
        public async Task<IReadOnlyList<PendingDelivery>> LoadPendingAsync(string consumer, Func<DeliveryKey, bool>? held = null, int limit = int.MaxValue, CancellationToken cancellationToken = default)
        {
            await Gate.Task.WaitAsync(cancellationToken);
            return await inner.LoadPendingAsync(consumer, held, limit, cancellationToken);
        }
        public Task<IReadOnlyList<string>> ConsumersWithPendingAsync(CancellationToken cancellationToken = default) => inner.ConsumersWithPendingAsync(cancellationToken);
        public Task<long> LastSequenceAsync(string stream, CancellationToken cancellationToken = default) => inner.LastSequenceAsync(stream, cancellationToken);
    }

    private Dispatcher Start(bool ordered, IEventJournal? journal = null) => new(
        new DispatchTarget("lost/t", "lost", _subscriber.Url, new DeliverySpec(Retry: 2, BackoffPolicy: BackoffPolicy.Linear, BackoffDelay: TimeSpan.FromMilliseconds(5))) { Ordered = ordered },
        maxInFlight: 4, new EventSender(new HttpClient(), TimeProvider.System), TimeProvider.System, null, Metrics, NullLogger.Instance,
        journal ?? _journal, new BacklogOptions(Consumer, MaxQueued: 100));
}
