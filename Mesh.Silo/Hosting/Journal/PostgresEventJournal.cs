using Mesh.Grains.Delivery;
using Mesh.Grains.Telemetry;
using Mesh.Grains.Durability;
using Mesh.Grains.Events;
using Npgsql;
using NpgsqlTypes;
using Orleans.Serialization;
using Sql = Mesh.Silo.Hosting.Postgres.PostgresQueries.Journal;

namespace Mesh.Silo.Hosting.Journal;

/// <summary>
/// The journal of cluster mode, in the cluster's PostgreSQL database. Each silo group-commits its
/// own writes; one commit is a handful of statements whatever its size, each taking its rows as
/// arrays (<c>unnest</c>), so a commit costs one round trip per statement, not per event. Rows
/// carry the Orleans service id, like the providers' tables, so services can share a database.
/// </summary>
public sealed class PostgresEventJournal : GroupCommitJournal
{
    // Two silos settling the last two deliveries of one event at once may each still see the
    // other's row and leave the event behind; a periodic sweep removes such leftovers.
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _service;
    private DateTime _lastSweep = DateTime.UtcNow;

    /// <param name="durable">False in cluster memory mode, where the tables only keep what does not fit in a consumer's memory.</param>
    public PostgresEventJournal(string connectionString, string serviceId, Serializer<EventEnvelope> serializer, MeshMetrics metrics, ILogger<PostgresEventJournal> logger, bool durable = true, TimeProvider? time = null)
        : base(serializer, metrics, logger, durable, time)
    {
        _dataSource = NpgsqlDataSource.Create(JournalConnectionString(connectionString));
        _service = serviceId;
    }

    /// <summary>
    /// The journal's connection string: <paramref name="connectionString"/> with statements prepared
    /// and plans that look rows up by key. A connection string that sets <c>Max Auto Prepare</c>
    /// itself (0 turns it off) keeps it; its own <c>Options</c> come after the journal's.
    /// </summary>
    /// <remarks>
    /// The journal runs the same dozen statements thousands of times a second: prepared on each
    /// connection after their second use, the server parses and plans them once, not per commit.
    /// <para>
    /// Its tables are queues, and a queue misleads the planner: a plan made while a table is nearly
    /// empty (every new service, and a consumer that keeps up) reads the whole table by a hash or
    /// merge join or a sequential scan, and a prepared plan is kept until the table is analyzed
    /// again — while dead rows, or a backlog when a subscriber is down, pile up under it (3,512
    /// whole-table reads in one benchmark run before autovacuum first came by). Without sequential
    /// scans and those joins, every statement is index lookups, whatever the statistics say; the
    /// settings are the connections' defaults (a startup option), so no extra statement runs and a
    /// pool's reset keeps them. The journal's connections run nothing else.
    /// </para>
    /// </remarks>
    public static string JournalConnectionString(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.Keys.Cast<string>().Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            settings.MaxAutoPrepare = 32;
            settings.AutoPrepareMinUsages = 2;
        }
        settings.Options = string.IsNullOrWhiteSpace(settings.Options) ? LookupPlans : $"{LookupPlans} {settings.Options}";
        return settings.ConnectionString;
    }

    /// <summary>The planner settings of the journal's connections (see <see cref="JournalConnectionString"/>).</summary>
    private const string LookupPlans = "-c enable_seqscan=off -c enable_hashjoin=off -c enable_mergejoin=off";

    protected override bool CommitsConcurrently => true;

    protected override string JournalKind => "postgres";

    protected override async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand(Sql.Lock, connection, transaction))
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        await using (var schema = new NpgsqlCommand(Sql.Schema, connection, transaction))
            await schema.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    protected override async Task CommitAsync(JournalBatch batch)
    {
        // No explicit transaction: a batch without one is a single implicit transaction (one Sync
        // at the end, an error rolls back every statement before it and skips those after), and
        // it saves the COMMIT's round trip, which is most of a small commit's latency.
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var commands = Statements(connection, batch);
        await commands.ExecuteNonQueryAsync();
    }

    /// <summary>The batch's statements, to run as one implicit transaction on <paramref name="connection"/>.</summary>
    internal NpgsqlBatch Statements(NpgsqlConnection connection, JournalBatch batch)
    {
        var commands = new NpgsqlBatch(connection);
        if (!IsDurable || !batch.WaitsForDisk) commands.BatchCommands.Add(new NpgsqlBatchCommand(Sql.NoWaitForDisk));
        if (batch.Events.Count > 0)
            commands.BatchCommands.Add(Statement(
                Sql.InsertEvents,
                batch.Events.Select(e => e.Stream).ToArray(), batch.Events.Select(e => e.Sequence).ToArray(), batch.Events.Select(e => e.Payload).ToArray(), _service));
        if (batch.Deliveries.Count > 0)
            commands.BatchCommands.Add(Statement(
                Sql.InsertDeliveries,
                [.. Keys(batch.Deliveries), _service]));
        if (batch.SoleDeliveries.Count > 0)
            commands.BatchCommands.Add(Statement(
                Sql.InsertSoleDeliveries,
                [.. Keys(batch.SoleDeliveries.Select(d => d.Key).ToList()), batch.SoleDeliveries.Select(d => d.Payload).ToArray(), _service]));
        if (batch.Reschedules.Count > 0)
            commands.BatchCommands.Add(Statement(
                Sql.Reschedule,
                [.. Keys(batch.Reschedules.Select(r => r.Key).ToList()), batch.Reschedules.Select(r => r.Attempt).ToArray(), batch.Reschedules.Select(r => r.DueUnixMilliseconds).ToArray(), Services(batch.Reschedules.Count)]));
        if (batch.Settles.Count > 0)
        {
            commands.BatchCommands.Add(Statement(
                Sql.Settle,
                [.. Keys(batch.Settles), Services(batch.Settles.Count)]));
            commands.BatchCommands.Add(Statement(
                Sql.DropSettledEvents,
                batch.Settles.Select(k => k.Stream).ToArray(), batch.Settles.Select(k => k.Sequence).ToArray(), Services(batch.Settles.Count)));
        }
        if (batch.Forgets.Count > 0)
            commands.BatchCommands.Add(Statement(Sql.Forget, batch.Forgets.ToArray(), _service));
        if (batch.Forgets.Count > 0 || DateTime.UtcNow - _lastSweep > SweepInterval)
        {
            _lastSweep = DateTime.UtcNow;
            commands.BatchCommands.Add(Statement(Sql.Sweep, _service));
        }
        return commands;
    }

    protected override async Task<IReadOnlyList<(DeliveryKey Key, int Attempt, long DueUnixMilliseconds)>> ReadPendingAsync(
        string consumer, string afterStream, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(Sql.ReadPending);
        command.Parameters.Add(new NpgsqlParameter { Value = consumer });
        command.Parameters.Add(new NpgsqlParameter { Value = _service });
        command.Parameters.Add(new NpgsqlParameter { Value = afterStream });
        command.Parameters.Add(new NpgsqlParameter { Value = afterSequence });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var rows = new List<(DeliveryKey, int, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add((new DeliveryKey(consumer, reader.GetString(0), reader.GetInt64(1)), reader.GetInt32(2), reader.GetInt64(3)));
        return rows;
    }

    protected override async Task<IReadOnlyDictionary<long, byte[]>> ReadEventsAsync(string consumer, string stream, IReadOnlyList<long> sequences, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(Sql.ReadEvents);
        command.Parameters.Add(new NpgsqlParameter { Value = _service });
        command.Parameters.Add(new NpgsqlParameter { Value = stream });
        command.Parameters.Add(new NpgsqlParameter { Value = sequences.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = consumer });
        var events = new Dictionary<long, byte[]>(sequences.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) events[reader.GetInt64(0)] = (byte[])reader[1];
        return events;
    }

    protected override async Task<IReadOnlyList<string>> ReadConsumersAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(Sql.ReadConsumers);
        command.Parameters.Add(new NpgsqlParameter { Value = _service });
        var consumers = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) consumers.Add(reader.GetString(0));
        return consumers;
    }

    protected override async Task<long> ReadLastSequenceAsync(string stream, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(Sql.ReadLastSequence);
        command.Parameters.Add(new NpgsqlParameter { Value = stream });
        command.Parameters.Add(new NpgsqlParameter { Value = _service });
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    // The service id once per row, for the statements that join on it (see Journal.Settle.sql).
    private string[] Services(int rows) => Enumerable.Repeat(_service, rows).ToArray();

    private static object[] Keys(IReadOnlyList<DeliveryKey> keys) =>
        [keys.Select(k => k.Consumer).ToArray(), keys.Select(k => k.Stream).ToArray(), keys.Select(k => k.Sequence).ToArray()];

    private static NpgsqlBatchCommand Statement(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }
}
