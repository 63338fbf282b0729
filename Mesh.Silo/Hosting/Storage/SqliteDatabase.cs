using Microsoft.Data.Sqlite;

namespace Mesh.Silo.Hosting.Storage;

/// <summary>One SQLite file that holds grain state: its connection string and its schema.</summary>
internal sealed class SqliteDatabase
{
    /// <summary>
    /// The provider's name for SQLite. Orleans maps it to <c>Microsoft.Data.Sqlite.SqliteFactory</c>
    /// (loaded by assembly name, so no DbProviderFactories registration is needed); the invariant
    /// "Microsoft.Data.Sqlite" is not in its table and fails at start-up.
    /// </summary>
    public const string AdoNetInvariant = "System.Data.SQLite";

    public SqliteDatabase(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        Path = System.IO.Path.GetFullPath(databasePath);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY itself until this many seconds have passed.
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    public string ConnectionString { get; }

    /// <summary>Creates the file and its directory if needed, turns on WAL and applies the schema.</summary>
    /// <returns>The journal mode the file reports afterwards.</returns>
    public async Task<string> EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);

        // WAL is a property of the file and persists, so once here covers every pooled connection:
        // readers stop blocking the writer and a commit appends instead of rewriting pages.
        var journalMode = await ScalarAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken);

        // One transaction: a second silo (or a second storage name on this file) starting at the
        // same moment waits for it instead of seeing half a schema.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var schema = new SqliteCommand(SqliteQueries.GrainStorageSchema, connection, transaction))
        {
            await schema.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (key, text) in SqliteQueries.GrainStorageQueries)
        {
            await using var upsert = new SqliteCommand(
                "INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES (@key, @text);", connection, transaction);
            upsert.Parameters.AddWithValue("@key", key);
            upsert.Parameters.AddWithValue("@text", text);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return journalMode;
    }

    private static async Task<string> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new SqliteCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken)) ?? "";
    }
}
