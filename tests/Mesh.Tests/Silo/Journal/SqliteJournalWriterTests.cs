using Mesh.Grains.Durability;
using Mesh.Silo.Hosting.Journal;
using Microsoft.Data.Sqlite;
using Shouldly;
using static Mesh.Tests.Silo.Journal.JournalFixtures;
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
        writer.Commit(Settling(3));
        writer.Commit(Owning(4));
        writer.Synchronous.ShouldBe(Full, "an event stored with its one delivery is an event stored");

        await using var journal = JournalFixtures.Sqlite(Path.Combine(_directory, "journal.db"));
        (await journal.LoadPendingAsync("trigger:ns/t")).Select(p => p.Key.Sequence).ShouldBe([4L]);
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
        await using (var journal = JournalFixtures.Sqlite(path)) await journal.LastSequenceAsync("ns/b"); // creates the tables
        return new SqliteJournalWriter(new SqliteConnectionStringBuilder { DataSource = path }.ToString(), durable);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
