using System.Diagnostics.Metrics;
using Mesh.Grains.Delivery;
using Mesh.Grains.Durability;
using Mesh.Grains.Events;
using Mesh.Grains.Telemetry;
using Mesh.Silo.Hosting.Journal;
using Mesh.Tests.Cluster;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;

namespace Mesh.Tests.Silo.Journal;

/// <summary>What every journal must do, run against SQLite and against PostgreSQL.</summary>
public abstract class JournalContractTests : IAsyncLifetime
{
    protected GroupCommitJournal Journal { get; private set; } = null!;

    protected static Serializer<EventEnvelope> Serializer => JournalFixtures.Serializer;

    protected static MeshMetrics Metrics => JournalFixtures.Metrics;

    protected abstract GroupCommitJournal Create();

    /// <summary>Why this journal cannot be tested here, or null.</summary>
    protected virtual string? SkipReason => null;

    public Task InitializeAsync()
    {
        Journal = Create();
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync() => await Journal.DisposeAsync();

    private static EventEnvelope Event(string id) => JournalFixtures.Event(id);

    [SkippableFact]
    public async Task Appended_events_come_back_byte_for_byte_to_each_consumer_they_are_owed_to()
    {
        Skip.If(SkipReason is not null, SkipReason);
        await Journal.AppendAsync("broker:ns/b", [new JournalEvent(1, Event("a"), ["trigger:ns/t1", "trigger:ns/t2"]), new JournalEvent(2, Event("b"), ["trigger:ns/t1"])]);

        var t1 = await Journal.LoadPendingAsync("trigger:ns/t1");
        var t2 = await Journal.LoadPendingAsync("trigger:ns/t2");

        t1.Select(p => p.Envelope.Id).ShouldBe(["a", "b"], ignoreOrder: true);
        t2.Single().Envelope.Id.ShouldBe("a");
        t2.Single().Envelope.Data.ShouldBe(Event("a").Data);
        t2.Single().Envelope["ext"].ShouldBe("x");
        t2.Single().Key.ShouldBe(new DeliveryKey("trigger:ns/t2", "broker:ns/b", 1));
        (await Journal.ConsumersWithPendingAsync()).ShouldBe(["trigger:ns/t1", "trigger:ns/t2"], ignoreOrder: true);
        (await Journal.LastSequenceAsync("broker:ns/b")).ShouldBe(2);
    }

    [SkippableFact]
    public async Task Deliveries_the_consumer_already_holds_are_left_out_of_a_reload()
    {
        Skip.If(SkipReason is not null, SkipReason);
        await Journal.AppendAsync("broker:ns/h", [new JournalEvent(1, Event("held"), ["trigger:ns/h"]), new JournalEvent(2, Event("lost"), ["trigger:ns/h"])]);

        var reload = await Journal.LoadPendingAsync("trigger:ns/h", key => key.Sequence == 1);

        reload.Select(p => p.Envelope.Id).ShouldBe(["lost"]);
    }

    [SkippableFact]
    public async Task A_limited_read_returns_the_next_deliveries_in_acceptance_order_leaving_out_held_ones()
    {
        Skip.If(SkipReason is not null, SkipReason);
        // More than one read of keys: the scan must carry on from where the previous one stopped.
        await Journal.AppendAsync("broker:ns/page", [.. Enumerable.Range(1, 5000).Select(i => new JournalEvent(i, Event($"p{i}"), ["trigger:ns/page"]))]);
        await Journal.AppendAsync("broker:ns/other", [.. Enumerable.Range(1, 3).Select(i => new JournalEvent(i, Event($"o{i}"), ["trigger:ns/page"]))]);

        var page = await Journal.LoadPendingAsync("trigger:ns/page", key => key.Stream == "broker:ns/page" && key.Sequence <= 4200 && key.Sequence % 2 == 0, limit: 2203);

        page.Count.ShouldBe(2203);
        page.Take(3).Select(p => p.Envelope.Id).ShouldBe(["o1", "o2", "o3"]);
        var sequences = page.Skip(3).Select(p => p.Key.Sequence).ToList();
        sequences.ShouldBe([.. Enumerable.Range(0, 2100).Select(i => 2L * i + 1), .. Enumerable.Range(4201, 100).Select(i => (long)i)]);
        page.Skip(3).ShouldAllBe(p => p.Envelope.Id == $"p{p.Key.Sequence}");
    }

    [SkippableFact]
    public async Task A_read_returns_exactly_the_events_owed_whether_close_together_or_far_apart()
    {
        Skip.If(SkipReason is not null, SkipReason);
        // "few" owes two events far apart among a hundred; "most" owes every event but three in between, which "other" owes.
        var few = new HashSet<long> { 3, 90 };
        var skipped = new HashSet<long> { 10, 11, 50 };
        await Journal.AppendAsync("broker:ns/mix", [.. Enumerable.Range(1, 100).Select(i => new JournalEvent(i, Event($"m{i}"),
            [.. new[] { few.Contains(i) ? "trigger:ns/few" : null, skipped.Contains(i) ? "trigger:ns/other" : "trigger:ns/most" }.OfType<string>()]))]);

        var sparse = await Journal.LoadPendingAsync("trigger:ns/few");
        var dense = await Journal.LoadPendingAsync("trigger:ns/most");

        sparse.Select(p => p.Envelope.Id).ShouldBe(["m3", "m90"]);
        dense.Select(p => p.Key.Sequence).ShouldBe([.. Enumerable.Range(1, 100).Select(i => (long)i).Where(i => !skipped.Contains(i))]);
        dense.ShouldAllBe(p => p.Envelope.Id == $"m{p.Key.Sequence}");
    }

    [SkippableFact]
    public Task Deliveries_settled_while_a_read_is_under_way_do_not_shorten_it() => Task.Run(async () =>
    {
        Skip.If(SkipReason is not null, SkipReason);
        // A dispatcher takes a read shorter than its limit to mean the journal owes nothing more; a
        // read whose keys were settled (and their events dropped) between its key scan and its
        // event read must carry on to the deliveries after them, or the next one of a key would be
        // taken straight from a hand-off ahead of one still on disk.
        const string consumer = "trigger:ns/race";
        await Journal.AppendAsync("broker:ns/race", [.. Enumerable.Range(1, 5).Select(i => new JournalEvent(i, Event($"r{i}"), [consumer]))]);
        var settled = false;

        var page = await Journal.LoadPendingAsync(consumer, key =>
        {
            if (!settled)
            {
                settled = true;
                Journal.Settle(key);
                Journal.Settle(key with { Sequence = 2 });
                // Blocks the read (off any synchronisation context) until both settles are committed.
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (Journal.LoadPendingAsync(consumer).GetAwaiter().GetResult().Any(p => p.Key.Sequence <= 2))
                    if (DateTime.UtcNow > deadline) throw new TimeoutException("the settles were not committed");
            }
            return false;
        }, limit: 3);

        settled.ShouldBeTrue();
        page.Select(p => p.Envelope.Id).ShouldBe(["r3", "r4", "r5"]);
    });

    [SkippableFact]
    public async Task A_rescheduled_delivery_comes_back_with_its_attempt_and_due_time()
    {
        Skip.If(SkipReason is not null, SkipReason);
        await Journal.AppendAsync("broker:ns/b", [new JournalEvent(7, Event("r"), ["trigger:ns/t"])]);
        var due = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 60_000);

        Journal.Reschedule(new DeliveryKey("trigger:ns/t", "broker:ns/b", 7), 3, due);

        await Eventually.TrueAsync(async () => (await Journal.LoadPendingAsync("trigger:ns/t")).Single().Attempt == 3, "the reschedule to be committed");
        (await Journal.LoadPendingAsync("trigger:ns/t")).Single().Due.ShouldBe(due);
    }

    [SkippableFact]
    public async Task An_event_is_removed_once_every_consumer_has_settled_it()
    {
        Skip.If(SkipReason is not null, SkipReason);
        await Journal.AppendAsync("channel:ns/c", [new JournalEvent(1, Event("s"), ["subscription:ns/a", "subscription:ns/b"])]);

        Journal.Settle(new DeliveryKey("subscription:ns/a", "channel:ns/c", 1));
        await Eventually.TrueAsync(async () => (await Journal.LoadPendingAsync("subscription:ns/a")).Count == 0, "the first settle");
        (await Journal.LoadPendingAsync("subscription:ns/b")).Count.ShouldBe(1, "the other consumer still owes it");
        (await Journal.LastSequenceAsync("channel:ns/c")).ShouldBe(1);

        Journal.Settle(new DeliveryKey("subscription:ns/b", "channel:ns/c", 1));
        await Eventually.TrueAsync(async () => await Journal.LastSequenceAsync("channel:ns/c") == 0, "the event to be removed");
        (await Journal.ConsumersWithPendingAsync()).ShouldBeEmpty();
    }

    [SkippableFact]
    public async Task Forgetting_a_consumer_drops_what_it_owed_and_events_nobody_else_owes()
    {
        Skip.If(SkipReason is not null, SkipReason);
        await Journal.AppendAsync("broker:ns/b", [new JournalEvent(1, Event("f1"), ["trigger:ns/gone"]), new JournalEvent(2, Event("f2"), ["trigger:ns/gone", "trigger:ns/kept"])]);

        Journal.Forget("trigger:ns/gone");

        await Eventually.TrueAsync(async () => (await Journal.LoadPendingAsync("trigger:ns/gone")).Count == 0, "the forget");
        (await Journal.LoadPendingAsync("trigger:ns/kept")).Single().Envelope.Id.ShouldBe("f2");
        (await Journal.LastSequenceAsync("broker:ns/b")).ShouldBe(2);
    }

    [SkippableFact]
    public async Task Concurrent_appends_share_commits()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var before = CommitsSoFar();
        // Queued at once, as concurrent producers would: the first commit starts with one, the rest wait
        // and go together. On a starved machine the committer can take a few at a time while the
        // producer is descheduled; one commit per append would still fail.
        var appends = Enumerable.Range(0, 200).Select(i => Journal.AppendAsync("broker:ns/g", [new JournalEvent(i + 1, Event($"g{i}"), ["trigger:ns/g"])])).ToList();
        await Task.WhenAll(appends);

        (await Journal.LoadPendingAsync("trigger:ns/g")).Count.ShouldBe(200);
        (CommitsSoFar() - before).ShouldBeLessThan(100, "commits for 200 appends queued at once");
    }

    [SkippableFact]
    public async Task A_delivery_stored_twice_fails_its_append_and_nothing_of_it_is_stored()
    {
        Skip.If(SkipReason is not null, SkipReason);
        // One event owed to one consumer (stored with its delivery), one shared by two.
        await Journal.AppendAsync("broker:ns/d", [new JournalEvent(1, Event("first"), ["trigger:ns/d"]), new JournalEvent(2, Event("shared"), ["trigger:ns/d", "trigger:ns/e"])]);

        await Should.ThrowAsync<Exception>(() => Journal.AppendAsync("broker:ns/d", [new JournalEvent(3, Event("third"), ["trigger:ns/d"]), new JournalEvent(1, Event("dup"), ["trigger:ns/d"])]));
        await Should.ThrowAsync<Exception>(() => Journal.AppendAsync("broker:ns/d", [new JournalEvent(4, Event("fourth"), ["trigger:ns/f"]), new JournalEvent(2, Event("dup"), ["trigger:ns/e", "trigger:ns/f"])]));

        (await Journal.LoadPendingAsync("trigger:ns/d")).Select(p => p.Envelope.Id).ShouldBe(["first", "shared"]);
        (await Journal.LoadPendingAsync("trigger:ns/e")).Select(p => p.Envelope.Id).ShouldBe(["shared"]);
        (await Journal.LoadPendingAsync("trigger:ns/f")).ShouldBeEmpty();
        (await Journal.LastSequenceAsync("broker:ns/d")).ShouldBe(2);
    }

    [SkippableFact]
    public async Task An_event_owed_to_one_consumer_is_kept_until_that_consumer_settles_it()
    {
        Skip.If(SkipReason is not null, SkipReason);
        // Stored with its delivery, not in a row of its own: every read must still find it, and
        // the settle must take it away with the delivery.
        await Journal.AppendAsync("broker:ns/one", [new JournalEvent(5, Event("only"), ["trigger:ns/one"]), new JournalEvent(6, Event("two"), ["trigger:ns/one", "trigger:ns/other"])]);
        (await Journal.LastSequenceAsync("broker:ns/one")).ShouldBe(6);
        (await Journal.LoadPendingAsync("trigger:ns/other")).Select(p => p.Envelope.Id).ShouldBe(["two"], "another consumer's own event is not read as its own");

        Journal.Settle(new DeliveryKey("trigger:ns/one", "broker:ns/one", 6));
        Journal.Settle(new DeliveryKey("trigger:ns/other", "broker:ns/one", 6));
        await Eventually.TrueAsync(async () => await Journal.LastSequenceAsync("broker:ns/one") == 5, "the shared event to be removed");
        (await Journal.LoadPendingAsync("trigger:ns/one")).Single().Envelope.Data.ShouldBe(Event("only").Data);

        Journal.Settle(new DeliveryKey("trigger:ns/one", "broker:ns/one", 5));
        await Eventually.TrueAsync(async () => await Journal.LastSequenceAsync("broker:ns/one") == 0, "the event owed to one consumer to go with its settle");
        (await Journal.ConsumersWithPendingAsync()).ShouldBeEmpty();
    }

    private long _commits;

    private long CommitsSoFar() => Interlocked.Read(ref _commits);

    protected void CountCommits()
    {
        var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "mesh.journal.commits" && instrument.Meter.Name == MeshMetrics.MeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _commits, value));
        listener.Start();
    }
}

public sealed class SqliteJournalTests : JournalContractTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mesh-journal-").FullName;

    protected override GroupCommitJournal Create()
    {
        CountCommits();
        return JournalFixtures.Sqlite(Path.Combine(_directory, "journal.db"));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

public sealed class PostgresJournalTests : JournalContractTests
{
    protected override string? SkipReason => PostgresFactAttribute.ConnectionString is null
        ? $"{PostgresFactAttribute.Variable} is not set: these tests need a PostgreSQL server (.ci/postgres starts one)."
        : null;

    // A service id of its own: the same database serves every test run.
    private readonly string _service = $"journal-{Guid.NewGuid():N}";

    protected override GroupCommitJournal Create()
    {
        CountCommits();
        return new PostgresEventJournal(PostgresFactAttribute.ConnectionString ?? "Host=unused", _service,
            Serializer, Metrics, NullLogger<PostgresEventJournal>.Instance);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (PostgresFactAttribute.ConnectionString is { } connectionString) await JournalFixtures.DeletePostgresRowsAsync(connectionString, _service);
    }
}
