using Mesh.Grains.Delivery;
using Mesh.Grains.Telemetry;
using Mesh.Grains.Durability;
using Mesh.Grains.Events;
using Microsoft.Data.Sqlite;
using Orleans.Serialization;
using Sql = Mesh.Silo.Hosting.Storage.SqliteQueries.Journal;

namespace Mesh.Silo.Hosting.Journal;

/// <summary>
/// The journal of embedded mode: a SQLite file of its own beside the grain state (so its commits
/// never queue behind grain writes), in WAL mode with <c>synchronous=FULL</c>: a commit is on disk
/// before a 202 is answered, so a power cut loses nothing acknowledged, not only a process kill.
/// Commits of bookkeeping alone do not wait for the disk (see <see cref="SqliteJournalWriter"/>).
/// </summary>
public sealed class SqliteEventJournal : GroupCommitJournal
{
    private readonly string _connectionString;
    private SqliteJournalWriter? _writer;

    /// <param name="durable">
    /// False for memory mode's spill file: it keeps only what does not fit in memory, promises
    /// nothing across a crash, and so commits without waiting for the disk (<c>synchronous=OFF</c>).
    /// </param>
    public SqliteEventJournal(string path, Serializer<EventEnvelope> serializer, MeshMetrics metrics, ILogger<SqliteEventJournal> logger, bool durable = true, TimeProvider? time = null)
        : base(serializer, metrics, logger, durable, time)
    {
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    public string Path { get; }

    protected override string JournalKind => "sqlite";

    protected override async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken);
        await ExecuteAsync(connection, Sql.Schema, cancellationToken);
        await using var payload = new SqliteCommand(Sql.HasPayloadColumn, connection);
        if (Convert.ToInt64(await payload.ExecuteScalarAsync(cancellationToken)) == 0) await ExecuteAsync(connection, Sql.AddPayloadColumn, cancellationToken);
    }

    protected override Task CommitAsync(JournalBatch batch)
    {
        var writer = _writer ??= new SqliteJournalWriter(_connectionString, IsDurable);
        try
        {
            writer.Commit(batch);
        }
        catch
        {
            // A connection in an unknown state is not worth keeping; the next commit opens a new one.
            _writer = null;
            writer.Dispose();
            throw;
        }
        return Task.CompletedTask;
    }

    protected override async Task<IReadOnlyList<(DeliveryKey Key, int Attempt, long DueUnixMilliseconds)>> ReadPendingAsync(
        string consumer, string afterStream, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, Sql.ReadPending, "$c", "$s", "$q", "$n");
        command.Parameters[0].Value = consumer;
        command.Parameters[1].Value = afterStream;
        command.Parameters[2].Value = afterSequence;
        command.Parameters[3].Value = limit;
        var rows = new List<(DeliveryKey, int, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add((new DeliveryKey(consumer, reader.GetString(0), reader.GetInt64(1)), reader.GetInt32(2), reader.GetInt64(3)));
        return rows;
    }

    protected override async Task<IReadOnlyDictionary<long, byte[]>> ReadEventsAsync(string consumer, string stream, IReadOnlyList<long> sequences, CancellationToken cancellationToken)
    {
        var events = new Dictionary<long, byte[]>(sequences.Count);
        if (sequences.Count == 0) return events;
        await using var connection = await OpenAsync(cancellationToken);
        var (low, high) = (sequences.Min(), sequences.Max());
        if (high - low < 2L * sequences.Count)
        {
            // Dense (a backlog read back in order): one range scan instead of a statement per event,
            // which made reading back slower than a fast trigger's producers once it had spilled.
            var wanted = sequences.ToHashSet();
            await using var range = Command(connection, null, Sql.ReadEventRange, "$s", "$lo", "$hi", "$c");
            range.Parameters[0].Value = stream;
            range.Parameters[1].Value = low;
            range.Parameters[2].Value = high;
            range.Parameters[3].Value = consumer;
            await using var reader = await range.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                if (wanted.Contains(reader.GetInt64(0))) events[reader.GetInt64(0)] = (byte[])reader.GetValue(1);
            return events;
        }
        await using var command = Command(connection, null, Sql.ReadEvent, "$s", "$q", "$c");
        command.Parameters[0].Value = stream;
        command.Parameters[2].Value = consumer;
        foreach (var sequence in sequences)
        {
            command.Parameters[1].Value = sequence;
            if (await command.ExecuteScalarAsync(cancellationToken) is byte[] payload) events[sequence] = payload;
        }
        return events;
    }

    protected override async Task<IReadOnlyList<string>> ReadConsumersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, Sql.ReadConsumers);
        var consumers = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) consumers.Add(reader.GetString(0));
        return consumers;
    }

    protected override async Task<long> ReadLastSequenceAsync(string stream, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, Sql.ReadLastSequence, "$s");
        command.Parameters[0].Value = stream;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _writer?.Dispose();
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    internal static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params string[] parameters)
    {
        var command = new SqliteCommand(sql, connection, transaction);
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new SqliteCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
