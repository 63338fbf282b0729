using Mesh.Grains.Delivery;
using Mesh.Grains.Telemetry;
using Mesh.Grains.Durability;
using Mesh.Grains.Events;
using Microsoft.Data.Sqlite;
using Orleans.Serialization;

namespace Mesh.Silo.Hosting.Journal;

/// <summary>
/// The journal of embedded mode: a SQLite file of its own beside the grain state (so its commits
/// never queue behind grain writes), in WAL mode with <c>synchronous=FULL</c>: a commit is on disk
/// before a 202 is answered, so a power cut loses nothing acknowledged, not only a process kill.
/// </summary>
public sealed class SqliteEventJournal : GroupCommitJournal
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS mesh_events (
            stream TEXT NOT NULL, seq INTEGER NOT NULL, payload BLOB NOT NULL,
            PRIMARY KEY (stream, seq)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS mesh_deliveries (
            consumer TEXT NOT NULL, stream TEXT NOT NULL, seq INTEGER NOT NULL,
            attempt INTEGER NOT NULL DEFAULT 0, due INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (consumer, stream, seq)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS mesh_deliveries_event ON mesh_deliveries (stream, seq);
        """;

    private readonly string _connectionString;
    private SqliteConnection? _writer;

    /// <param name="durable">
    /// False for memory mode's spill file: it keeps only what does not fit in memory, promises
    /// nothing across a crash, and so commits without waiting for the disk (<c>synchronous=OFF</c>).
    /// </param>
    public SqliteEventJournal(string path, Serializer<EventEnvelope> serializer, MeshMetrics metrics, ILogger<SqliteEventJournal> logger, bool durable = true)
        : base(serializer, metrics, logger, durable)
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
        await ExecuteAsync(connection, Schema, cancellationToken);
    }

    protected override Task CommitAsync(JournalBatch batch)
    {
        var connection = _writer ??= OpenWriter();
        try
        {
            using var transaction = connection.BeginTransaction();
            using (var insert = Command(connection, transaction, "INSERT INTO mesh_events (stream, seq, payload) VALUES ($s, $q, $p)", "$s", "$q", "$p"))
                foreach (var (stream, seq, payload) in batch.Events) Run(insert, stream, seq, payload);
            using (var owe = Command(connection, transaction, "INSERT OR IGNORE INTO mesh_deliveries (consumer, stream, seq) VALUES ($c, $s, $q)", "$c", "$s", "$q"))
                foreach (var d in batch.Deliveries) Run(owe, d.Consumer, d.Stream, d.Sequence);
            using (var move = Command(connection, transaction, "UPDATE mesh_deliveries SET attempt = $a, due = $d WHERE consumer = $c AND stream = $s AND seq = $q", "$a", "$d", "$c", "$s", "$q"))
                foreach (var (key, attempt, due) in batch.Reschedules) Run(move, attempt, due, key.Consumer, key.Stream, key.Sequence);
            using (var settle = Command(connection, transaction, "DELETE FROM mesh_deliveries WHERE consumer = $c AND stream = $s AND seq = $q", "$c", "$s", "$q"))
            using (var drop = Command(connection, transaction,
                "DELETE FROM mesh_events WHERE stream = $s AND seq = $q AND NOT EXISTS (SELECT 1 FROM mesh_deliveries WHERE stream = $s AND seq = $q)", "$s", "$q"))
            {
                foreach (var key in batch.Settles)
                {
                    Run(settle, key.Consumer, key.Stream, key.Sequence);
                    Run(drop, key.Stream, key.Sequence);
                }
            }
            if (batch.Forgets.Count > 0)
            {
                using (var forget = Command(connection, transaction, "DELETE FROM mesh_deliveries WHERE consumer = $c", "$c"))
                    foreach (var consumer in batch.Forgets) Run(forget, consumer);
                using var sweep = Command(connection, transaction,
                    "DELETE FROM mesh_events WHERE NOT EXISTS (SELECT 1 FROM mesh_deliveries d WHERE d.stream = mesh_events.stream AND d.seq = mesh_events.seq)");
                sweep.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        catch
        {
            // A connection in an unknown state is not worth keeping; the next commit opens a new one.
            _writer = null;
            connection.Dispose();
            throw;
        }
        return Task.CompletedTask;
    }

    protected override async Task<IReadOnlyList<(DeliveryKey Key, int Attempt, long DueUnixMilliseconds)>> ReadPendingAsync(
        string consumer, string afterStream, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // A row-value comparison walks the primary key (consumer, stream, seq) from where the last read stopped.
        await using var command = Command(connection, null,
            "SELECT stream, seq, attempt, due FROM mesh_deliveries WHERE consumer = $c AND (stream, seq) > ($s, $q) ORDER BY stream, seq LIMIT $n",
            "$c", "$s", "$q", "$n");
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

    protected override async Task<IReadOnlyDictionary<long, byte[]>> ReadEventsAsync(string stream, IReadOnlyList<long> sequences, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT payload FROM mesh_events WHERE stream = $s AND seq = $q", "$s", "$q");
        command.Parameters[0].Value = stream;
        var events = new Dictionary<long, byte[]>(sequences.Count);
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
        await using var command = Command(connection, null, "SELECT DISTINCT consumer FROM mesh_deliveries");
        var consumers = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) consumers.Add(reader.GetString(0));
        return consumers;
    }

    protected override async Task<long> ReadLastSequenceAsync(string stream, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT COALESCE(MAX(seq), 0) FROM mesh_events WHERE stream = $s", "$s");
        command.Parameters[0].Value = stream;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _writer?.Dispose();
    }

    private SqliteConnection OpenWriter()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = Command(connection, null, IsDurable ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = OFF;");
        pragma.ExecuteNonQuery();
        return connection;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params string[] parameters)
    {
        var command = new SqliteCommand(sql, connection, transaction);
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        command.ExecuteNonQuery();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new SqliteCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
