using Mesh.Grains.Durability;
using Mesh.Silo.Hosting.Journal;
using Mesh.Tests.Cluster;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;
using Xunit;

namespace Mesh.Tests.Silo.Journal;

/// <summary>
/// A journal made before deliveries could carry their event (no <c>payload</c> column in
/// <c>mesh_deliveries</c>): opened by this version, what it owed is still owed, and events owed to one
/// consumer are stored the new way beside it.
/// </summary>
public sealed class JournalSchemaUpgradeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mesh-journal-upgrade-").FullName;

    [Fact]
    public async Task A_SQLite_journal_of_the_previous_schema_keeps_what_it_owed_and_takes_new_events()
    {
        var path = Path.Combine(_directory, "journal.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var old = new SqliteCommand("""
                CREATE TABLE mesh_events (stream TEXT NOT NULL, seq INTEGER NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (stream, seq)) WITHOUT ROWID;
                CREATE TABLE mesh_deliveries (consumer TEXT NOT NULL, stream TEXT NOT NULL, seq INTEGER NOT NULL,
                    attempt INTEGER NOT NULL DEFAULT 0, due INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (consumer, stream, seq)) WITHOUT ROWID;
                CREATE INDEX mesh_deliveries_event ON mesh_deliveries (stream, seq);
                INSERT INTO mesh_events VALUES ('broker:ns/b', 1, $p);
                INSERT INTO mesh_deliveries (consumer, stream, seq, attempt) VALUES ('trigger:ns/t', 'broker:ns/b', 1, 2);
                """, connection);
            old.Parameters.AddWithValue("$p", JournalFixtures.Serializer.SerializeToArray(JournalFixtures.Event("before")));
            await old.ExecuteNonQueryAsync();
        }

        await using (var journal = JournalFixtures.Sqlite(path))
            await OwesBothAfterAnAppendAsync(journal);
        // Opened again: the column is there now, and adding it is not tried twice.
        await using (var again = JournalFixtures.Sqlite(path))
            (await again.LoadPendingAsync("trigger:ns/t")).Select(p => p.Envelope.Id).ShouldBe(["before", "after"]);
    }

    [PostgresFact]
    public async Task A_PostgreSQL_journal_of_the_previous_schema_keeps_what_it_owed_and_takes_new_events()
    {
        await using var schema = await PostgresTestSchema.CreateAsync(PostgresFactAttribute.ConnectionString!, "upgrade");
        var payload = Convert.ToHexString(JournalFixtures.Serializer.SerializeToArray(JournalFixtures.Event("before")));
        await schema.ExecuteAsync($"""
            CREATE TABLE mesh_events (service text NOT NULL, stream text NOT NULL, seq bigint NOT NULL, payload bytea NOT NULL, PRIMARY KEY (service, stream, seq));
            CREATE TABLE mesh_deliveries (service text NOT NULL, consumer text NOT NULL, stream text NOT NULL, seq bigint NOT NULL,
                attempt integer NOT NULL DEFAULT 0, due bigint NOT NULL DEFAULT 0, PRIMARY KEY (service, consumer, stream, seq));
            CREATE INDEX mesh_deliveries_event ON mesh_deliveries (service, stream, seq);
            INSERT INTO mesh_events VALUES ('upgrade', 'broker:ns/b', 1, '\x{payload}');
            INSERT INTO mesh_deliveries (service, consumer, stream, seq, attempt) VALUES ('upgrade', 'trigger:ns/t', 'broker:ns/b', 1, 2);
            """);

        for (var opening = 0; opening < 2; opening++)
        {
            await using var journal = new PostgresEventJournal(schema.ConnectionString, "upgrade", JournalFixtures.Serializer, JournalFixtures.Metrics,
                NullLogger<PostgresEventJournal>.Instance);
            if (opening == 0) await OwesBothAfterAnAppendAsync(journal);
            else (await journal.LoadPendingAsync("trigger:ns/t")).Select(p => p.Envelope.Id).ShouldBe(["before", "after"]);
        }
    }

    private static async Task OwesBothAfterAnAppendAsync(GroupCommitJournal journal)
    {
        var before = (await journal.LoadPendingAsync("trigger:ns/t")).ShouldHaveSingleItem();
        before.Envelope.Id.ShouldBe("before");
        before.Attempt.ShouldBe(2);

        await journal.AppendAsync("broker:ns/b", [new JournalEvent(2, JournalFixtures.Event("after"), ["trigger:ns/t"])]);

        (await journal.LoadPendingAsync("trigger:ns/t")).Select(p => p.Envelope.Id).ShouldBe(["before", "after"]);
        (await journal.LastSequenceAsync("broker:ns/b")).ShouldBe(2);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
