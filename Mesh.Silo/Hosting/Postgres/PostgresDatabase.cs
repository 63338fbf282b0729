using Npgsql;

namespace Mesh.Silo.Hosting.Postgres;

/// <summary>The PostgreSQL database a cluster shares: membership, grain state and the providers' queries.</summary>
internal static class PostgresDatabase
{
    /// <summary>The ADO.NET invariant Orleans maps to <c>Npgsql.NpgsqlFactory</c>.</summary>
    public const string AdoNetInvariant = "Npgsql";

    // Any constant will do, as long as every silo uses the same one: it names the lock below.
    private const long SchemaLockKey = 0x4D455348_5343484D; // "MESHSCHM"

    /// <summary>Applies the schema and rewrites the query rows, in one transaction.</summary>
    public static async Task EnsureCreatedAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Silos of one cluster usually start together, and CREATE ... IF NOT EXISTS is not safe
        // against a concurrent twin (both see nothing, one fails on the catalogue's unique index).
        // The lock is released with the transaction.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", SchemaLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var schema = new NpgsqlCommand(PostgresQueries.Schema, connection, transaction))
        {
            await schema.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (key, text) in PostgresQueries.ProviderQueries)
        {
            await using var upsert = new NpgsqlCommand(
                "INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES (@key, @text) " +
                "ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText", connection, transaction);
            upsert.Parameters.AddWithValue("key", key);
            upsert.Parameters.AddWithValue("text", text);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
