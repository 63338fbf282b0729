using System.Diagnostics.Metrics;
using System.Text;
using Mesh.Grains.Durability;
using Mesh.Grains.Events;
using Mesh.Grains.Telemetry;
using Mesh.Silo.Hosting.Journal;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;

namespace Mesh.Tests.Silo.Journal;

/// <summary>What the journal tests share: the envelope serializer, metrics, a SQLite journal, and a small event.</summary>
internal static class JournalFixtures
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddSerializer().AddMetrics().BuildServiceProvider();

    public static Serializer<EventEnvelope> Serializer => Services.GetRequiredService<Serializer<EventEnvelope>>();

    public static MeshMetrics Metrics { get; } = new(Services.GetRequiredService<IMeterFactory>());

    /// <param name="metrics">Metrics of the test's own meter factory, when the test reads them; the shared ones otherwise.</param>
    public static SqliteEventJournal Sqlite(string path, MeshMetrics? metrics = null, TimeProvider? time = null) =>
        new(path, Serializer, metrics ?? Metrics, NullLogger<SqliteEventJournal>.Instance, time: time);

    /// <summary>An event with an extension and a JSON body naming its id, so that a byte-exact read-back can be checked.</summary>
    public static EventEnvelope Event(string id) => new(
        new Dictionary<string, string> { ["specversion"] = "1.0", ["id"] = id, ["source"] = "/tests", ["type"] = "t", ["ext"] = "x" },
        Encoding.UTF8.GetBytes($"{{\"id\":\"{id}\"}}"));

    /// <summary>The key of one delivery that the writer-level tests store and settle.</summary>
    public static DeliveryKey Key(long sequence) => new("trigger:ns/t", "ns/b", sequence);

    /// <summary>A commit storing these events of <see cref="Key"/>'s stream, each owed to its consumer.</summary>
    public static JournalBatch Appending(params long[] sequences)
    {
        var batch = new JournalBatch();
        foreach (var sequence in sequences)
        {
            batch.Events.Add((Key(sequence).Stream, sequence, Serializer.SerializeToArray(Event($"e{sequence}"))));
            batch.Deliveries.Add(Key(sequence));
        }
        return batch;
    }

    /// <summary>A commit storing these events of <see cref="Key"/>'s stream with their one delivery each (<see cref="JournalBatch.SoleDeliveries"/>).</summary>
    public static JournalBatch Owning(params long[] sequences)
    {
        var batch = new JournalBatch();
        foreach (var sequence in sequences) batch.SoleDeliveries.Add((Key(sequence), Serializer.SerializeToArray(Event($"e{sequence}"))));
        return batch;
    }

    /// <summary>
    /// Deletes what a PostgreSQL journal of <paramref name="service"/> still holds. The tests' database
    /// serves every run: left behind, a test's rows pile up in tables that later runs (and a benchmark
    /// on the same server) index and vacuum.
    /// </summary>
    public static async Task DeletePostgresRowsAsync(string connectionString, string service)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var delete = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new("DELETE FROM mesh_deliveries WHERE service = $1") { Parameters = { new() { Value = service } } },
                new("DELETE FROM mesh_events WHERE service = $1") { Parameters = { new() { Value = service } } },
            },
        };
        try { await delete.ExecuteNonQueryAsync(); }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable) { } // a fresh database nothing wrote to
    }

    /// <summary>A commit of settles alone.</summary>
    public static JournalBatch Settling(params long[] sequences)
    {
        var batch = new JournalBatch();
        foreach (var sequence in sequences) batch.Settles.Add(Key(sequence));
        return batch;
    }
}
