using System.Text;
using Mesh.Grains.Durability;
using Microsoft.Data.Sqlite;
using Sql = Mesh.Silo.Hosting.Storage.SqliteQueries.Journal;

namespace Mesh.Silo.Hosting.Journal;

/// <summary>
/// The SQLite journal's one writer: a connection and its statements, prepared once and kept. Under
/// load the journal commits about a thousand times a second, and preparing its six statements
/// again for each commit was work the commit thread, the durable mode's bottleneck, did for nothing.
/// Deliveries and settles go a statement per consumer and stream (their sequences as one JSON
/// array) rather than a statement per event: a commit of 13 events and 13 settles ran 52 statements
/// and now runs 16, and each statement costs the commit thread a bind, a step and a reader.
/// <para>
/// Only a commit that stores events waits for the disk (<c>synchronous=FULL</c>, see
/// <see cref="JournalBatch.WaitsForDisk"/>). Bookkeeping alone is written with
/// <c>synchronous=NORMAL</c>: in WAL mode that is still atomic and never corrupts the file, a
/// process crash loses nothing, and the next commit with events syncs it along with its own.
/// </para>
/// </summary>
/// <remarks>Used by the commit loop only, one commit at a time. A failed commit disposes it (see <see cref="SqliteEventJournal"/>).</remarks>
internal sealed class SqliteJournalWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertEvent, _insertDeliveries, _insertSoleDelivery, _reschedule, _settle, _dropSettledEvents, _forget, _sweep;
    private readonly SqliteCommand[] _commands;
    // Durable mode only: how the next commit is synced, switched between commits as the batch needs.
    private readonly SqliteCommand? _syncFull, _syncNormal;
    private bool _syncing = true;

    public SqliteJournalWriter(string connectionString, bool durable)
    {
        _connection = new SqliteConnection(connectionString);
        try
        {
            _connection.Open();
            using var pragma = new SqliteCommand(durable ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = OFF;", _connection);
            pragma.ExecuteNonQuery();
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
        _insertEvent = Command(Sql.InsertEvent, "$s", "$q", "$p");
        _insertDeliveries = Command(Sql.InsertDeliveries, "$c", "$s", "$q");
        _insertSoleDelivery = Command(Sql.InsertSoleDelivery, "$c", "$s", "$q", "$p");
        _reschedule = Command(Sql.Reschedule, "$a", "$d", "$c", "$s", "$q");
        _settle = Command(Sql.Settle, "$c", "$s", "$q");
        _dropSettledEvents = Command(Sql.DropSettledEvents, "$s", "$q");
        _forget = Command(Sql.Forget, "$c");
        _sweep = Command(Sql.Sweep);
        if (durable)
        {
            _syncFull = new SqliteCommand("PRAGMA synchronous = FULL;", _connection);
            _syncNormal = new SqliteCommand("PRAGMA synchronous = NORMAL;", _connection);
        }
        _commands = [_insertEvent, _insertDeliveries, _insertSoleDelivery, _reschedule, _settle, _dropSettledEvents, _forget, _sweep];
    }

    /// <summary>Applies the batch in one transaction, or throws having applied none of it.</summary>
    public void Commit(JournalBatch batch)
    {
        SyncFor(batch);
        using var transaction = _connection.BeginTransaction();
        foreach (var command in _commands) command.Transaction = transaction;
        foreach (var (stream, seq, payload) in batch.Events) Run(_insertEvent, stream, seq, payload);
        foreach (var ((consumer, stream), sequences) in ByConsumerAndStream(batch.Deliveries)) Run(_insertDeliveries, consumer, stream, sequences);
        foreach (var (key, payload) in batch.SoleDeliveries) Run(_insertSoleDelivery, key.Consumer, key.Stream, key.Sequence, payload);
        foreach (var (key, attempt, due) in batch.Reschedules) Run(_reschedule, attempt, due, key.Consumer, key.Stream, key.Sequence);
        if (batch.Settles.Count > 0)
        {
            foreach (var ((consumer, stream), sequences) in ByConsumerAndStream(batch.Settles)) Run(_settle, consumer, stream, sequences);
            // After every settle of the commit: an event two consumers settled in it goes too.
            foreach (var ((_, stream), sequences) in ByConsumerAndStream(batch.Settles, anyConsumer: true)) Run(_dropSettledEvents, stream, sequences);
        }
        if (batch.Forgets.Count > 0)
        {
            foreach (var consumer in batch.Forgets) Run(_forget, consumer);
            _sweep.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>The connection's <c>synchronous</c> level now (0 off, 1 normal, 2 full), as the last commit used it.</summary>
    internal long Synchronous
    {
        get
        {
            using var query = new SqliteCommand("PRAGMA synchronous;", _connection);
            return (long)query.ExecuteScalar()!;
        }
    }

    public void Dispose()
    {
        foreach (var command in _commands) command.Dispose();
        _syncFull?.Dispose();
        _syncNormal?.Dispose();
        _connection.Dispose();
    }

    // The pragma takes effect at the next commit and may not be changed inside a transaction.
    private void SyncFor(JournalBatch batch)
    {
        var sync = batch.WaitsForDisk;
        if (_syncFull is null || sync == _syncing) return;
        (sync ? _syncFull : _syncNormal!).ExecuteNonQuery();
        _syncing = sync;
    }

    /// <summary>The keys grouped by consumer (or only by stream) and stream, each group's sequences as a JSON array.</summary>
    private static Dictionary<(string Consumer, string Stream), string> ByConsumerAndStream(List<DeliveryKey> keys, bool anyConsumer = false)
    {
        var groups = new Dictionary<(string, string), StringBuilder>();
        foreach (var key in keys)
        {
            var group = (anyConsumer ? "" : key.Consumer, key.Stream);
            if (groups.TryGetValue(group, out var sequences)) sequences.Append(',');
            else groups[group] = sequences = new StringBuilder("[");
            sequences.Append(key.Sequence);
        }
        var json = new Dictionary<(string, string), string>(groups.Count);
        foreach (var (group, sequences) in groups) json[group] = sequences.Append(']').ToString();
        return json;
    }

    private SqliteCommand Command(string sql, params string[] parameters) => SqliteEventJournal.Command(_connection, null, sql, parameters);

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        command.ExecuteNonQuery();
    }
}
