using Mesh.Grains.Durability;
using Mesh.Silo.Hosting.Journal;
using Mesh.Tests.Cluster;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Shouldly;
using static Mesh.Tests.Silo.Journal.JournalFixtures;

namespace Mesh.Tests.Silo.Journal;

/// <summary>
/// Which PostgreSQL commits of the journal wait for the WAL flush: those storing events do (their
/// producers are answered after them); bookkeeping alone does not, and only for its own transaction,
/// so the pooled connection's next commit of events waits again. Asked of the server, inside and
/// after each commit's own statements.
/// </summary>
public sealed class PostgresJournalDiskWaitTests : IAsyncLifetime
{
    private const string Setting = "SELECT current_setting('synchronous_commit')";
    private readonly string _service = $"disk-wait-{Guid.NewGuid():N}";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is { } connectionString) await DeletePostgresRowsAsync(connectionString, _service);
    }

    [PostgresFact]
    public async Task Only_commits_that_store_events_wait_for_the_flush_and_the_setting_does_not_outlive_its_commit()
    {
        await using var journal = Journal(durable: true);
        await journal.LastSequenceAsync("ns/b"); // creates the tables
        await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await connection.OpenAsync();

        (await SettingInside(journal, connection, Appending(1))).ShouldBe("on");
        (await SettingInside(journal, connection, Settling(1))).ShouldBe("off", "a commit of settles alone answers no producer");
        (await SettingAfterwards(connection)).ShouldBe("on", "the next commit on the pooled connection must wait again");
        var mixed = Appending(2);
        mixed.Settles.Add(Key(1));
        (await SettingInside(journal, connection, mixed)).ShouldBe("on");
        (await SettingInside(journal, connection, Owning(3))).ShouldBe("on", "an event stored with its one delivery is an event stored");
    }

    [PostgresFact]
    public async Task A_spill_store_of_memory_mode_never_waits_for_the_flush()
    {
        await using var journal = Journal(durable: false);
        await journal.LastSequenceAsync("ns/b");
        await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await connection.OpenAsync();

        (await SettingInside(journal, connection, Appending(1))).ShouldBe("off");
        (await SettingAfterwards(connection)).ShouldBe("on");
    }

    private PostgresEventJournal Journal(bool durable) =>
        new(PostgresFactAttribute.ConnectionString!, _service, JournalFixtures.Serializer, JournalFixtures.Metrics,
            NullLogger<PostgresEventJournal>.Instance, durable);

    // The commit's statements with one more at the end, in the same implicit transaction.
    private static async Task<string> SettingInside(PostgresEventJournal journal, NpgsqlConnection connection, JournalBatch batch)
    {
        await using var commands = journal.Statements(connection, batch);
        commands.BatchCommands.Add(new NpgsqlBatchCommand(Setting));
        await using var reader = await commands.ExecuteReaderAsync();
        do
        {
            if (reader.FieldCount == 1 && reader.GetName(0) == "current_setting" && await reader.ReadAsync()) return reader.GetString(0);
        }
        while (await reader.NextResultAsync());
        throw new InvalidOperationException("the setting was not read");
    }

    private static async Task<string> SettingAfterwards(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(Setting, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
