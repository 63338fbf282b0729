using Mesh.Grains.Durability;
using Microsoft.Data.Sqlite;
using Sql = Mesh.Silo.Hosting.Storage.SqliteQueries.Journal;

namespace Mesh.Silo.Hosting.Journal;

/// <summary>
/// The SQLite journal's one writer: a connection and its statements, prepared once and kept. Under
/// load the journal commits about a thousand times a second, and preparing its six statements
/// again for each commit was work the commit thread, the durable mode's bottleneck, did for nothing.
/// </summary>
/// <remarks>Used by the commit loop only, one commit at a time. A failed commit disposes it (see <see cref="SqliteEventJournal"/>).</remarks>
internal sealed class SqliteJournalWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertEvent, _insertDelivery, _reschedule, _settle, _dropSettledEvent, _forget, _sweep;
    private readonly SqliteCommand[] _commands;

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
        _insertDelivery = Command(Sql.InsertDelivery, "$c", "$s", "$q");
        _reschedule = Command(Sql.Reschedule, "$a", "$d", "$c", "$s", "$q");
        _settle = Command(Sql.Settle, "$c", "$s", "$q");
        _dropSettledEvent = Command(Sql.DropSettledEvent, "$s", "$q");
        _forget = Command(Sql.Forget, "$c");
        _sweep = Command(Sql.Sweep);
        _commands = [_insertEvent, _insertDelivery, _reschedule, _settle, _dropSettledEvent, _forget, _sweep];
    }

    /// <summary>Applies the batch in one transaction, or throws having applied none of it.</summary>
    public void Commit(JournalBatch batch)
    {
        using var transaction = _connection.BeginTransaction();
        foreach (var command in _commands) command.Transaction = transaction;
        foreach (var (stream, seq, payload) in batch.Events) Run(_insertEvent, stream, seq, payload);
        foreach (var d in batch.Deliveries) Run(_insertDelivery, d.Consumer, d.Stream, d.Sequence);
        foreach (var (key, attempt, due) in batch.Reschedules) Run(_reschedule, attempt, due, key.Consumer, key.Stream, key.Sequence);
        foreach (var key in batch.Settles)
        {
            Run(_settle, key.Consumer, key.Stream, key.Sequence);
            Run(_dropSettledEvent, key.Stream, key.Sequence);
        }
        if (batch.Forgets.Count > 0)
        {
            foreach (var consumer in batch.Forgets) Run(_forget, consumer);
            _sweep.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public void Dispose()
    {
        foreach (var command in _commands) command.Dispose();
        _connection.Dispose();
    }

    private SqliteCommand Command(string sql, params string[] parameters) => SqliteEventJournal.Command(_connection, null, sql, parameters);

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        command.ExecuteNonQuery();
    }
}
