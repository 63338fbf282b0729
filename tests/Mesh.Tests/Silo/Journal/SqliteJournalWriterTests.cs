using Mesh.Grains.Durability;
using Mesh.Silo.Hosting.Journal;
using Microsoft.Data.Sqlite;
using Shouldly;
using Xunit;

namespace Mesh.Tests.Silo.Journal;

public sealed class SqliteJournalWriterTests : IDisposable
{
    private const long Normal = 1, Full = 2, Off = 0;
    private readonly string _directory = Directory.CreateTempSubdirectory("mesh-writer-").FullName;

    [Fact]
    public async Task Only_commits_that_store_events_wait_for_the_disk()
    {
        using var writer = await WriterAsync(durable: true);

        writer.Commit(Appending(1, 2));
        writer.Synchronous.ShouldBe(Full);
        writer.Commit(Settling(1));
        writer.Synchronous.ShouldBe(Normal, "a commit of settles alone answers no producer");
        var reschedule = new JournalBatch();
        reschedule.Reschedules.Add((Key(2), 1, 0));
        writer.Commit(reschedule);
        writer.Synchronous.ShouldBe(Normal);
        var mixed = Appending(3);
        mixed.Settles.Add(Key(2));
        writer.Commit(mixed);
        writer.Synchronous.ShouldBe(Full, "settles that ride with events are synced with them");

        await using var journal = JournalFixtures.Sqlite(Path.Combine(_directory, "journal.db"));
        (await journal.LoadPendingAsync("trigger/t")).Select(p => p.Key.Sequence).ShouldBe([3L]);
    }

    [Fact]
    public async Task A_spill_file_never_waits_for_the_disk()
    {
        using var writer = await WriterAsync(durable: false);

        writer.Commit(Appending(1));
        writer.Synchronous.ShouldBe(Off);
        writer.Commit(Settling(1));
        writer.Synchronous.ShouldBe(Off);
    }

    private async Task<SqliteJournalWriter> WriterAsync(bool durable)
    {
        var path = Path.Combine(_directory, "journal.db");
        await using (var journal = JournalFixtures.Sqlite(path)) await journal.LastSequenceAsync("broker/b"); // creates the tables
        return new SqliteJournalWriter(new SqliteConnectionStringBuilder { DataSource = path }.ToString(), durable);
    }

    private static DeliveryKey Key(long sequence) => new("trigger/t", "broker/b", sequence);

    private static JournalBatch Appending(params long[] sequences)
    {
        var batch = new JournalBatch();
        foreach (var sequence in sequences)
        {
            batch.Events.Add(("broker/b", sequence, JournalFixtures.Serializer.SerializeToArray(JournalFixtures.Event($"e{sequence}"))));
            batch.Deliveries.Add(Key(sequence));
        }
        return batch;
    }

    private static JournalBatch Settling(params long[] sequences)
    {
        var batch = new JournalBatch();
        foreach (var sequence in sequences) batch.Settles.Add(Key(sequence));
        return batch;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
