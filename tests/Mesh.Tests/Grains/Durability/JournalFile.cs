using Microsoft.Data.Sqlite;

namespace Mesh.Tests.Grains.Durability;

/// <summary>Reads an embedded mesh's journal file directly, to see what a crash would leave behind.</summary>
public static class JournalFile
{
    public static async Task<long> CountAsync(string dataDirectory, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "journal.db")};Pooling=false");
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public static Task<long> PendingAsync(string dataDirectory) => CountAsync(dataDirectory, "SELECT COUNT(*) FROM mesh_deliveries");

    /// <summary>Events stored: in rows of their own, or (owed to one consumer) in their delivery's row.</summary>
    public static Task<long> EventsAsync(string dataDirectory) =>
        CountAsync(dataDirectory, "SELECT (SELECT COUNT(*) FROM mesh_events) + (SELECT COUNT(*) FROM mesh_deliveries WHERE payload IS NOT NULL)");

    public static Dictionary<string, string?> DurableSettings(string recoveryInterval = "00:00:01") => new()
    {
        ["Mesh:Durability"] = "Durable",
        ["Mesh:Journal:RecoveryInterval"] = recoveryInterval,
    };
}
