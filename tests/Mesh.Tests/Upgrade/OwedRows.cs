using Microsoft.Data.Sqlite;

namespace Mesh.Tests.Upgrade;

/// <summary>What an embedded mesh's journal owes one consumer: rows, and how many of them have a retry scheduled (attempt above 0).</summary>
public sealed record OwedRows(int Rows, int Retried)
{
    /// <summary>
    /// Reads <c>journal.db</c> as today's schema has it (<c>mesh_deliveries</c>). Only for a fixture's
    /// own files, written by the version that made it; the mesh under test reads them its own way.
    /// </summary>
    public static async Task<Dictionary<string, OwedRows>> ReadAsync(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "journal.db");
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadWrite }.ToString());
        await connection.OpenAsync();
        await using var command = new SqliteCommand(
            "SELECT consumer, COUNT(*), SUM(CASE WHEN attempt > 0 THEN 1 ELSE 0 END) FROM mesh_deliveries GROUP BY consumer ORDER BY consumer", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var owed = new Dictionary<string, OwedRows>(StringComparer.Ordinal);
        while (await reader.ReadAsync()) owed[reader.GetString(0)] = new OwedRows(reader.GetInt32(1), reader.GetInt32(2));
        return owed;
    }
}
