using Microsoft.Data.Sqlite;

namespace Mesh.Tests.Silo.Storage;

/// <summary>A database path in a fresh temporary directory (not created yet), removed afterwards.</summary>
internal sealed class TempDatabase : IDisposable
{
    private readonly string root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mesh-tests", Guid.NewGuid().ToString("N"));

    // A nested, missing directory: the storage must create it.
    public string Path => System.IO.Path.Combine(root, "data", "mesh.db");

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public void Dispose()
    {
        // Pooled connections keep the file open.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
