using Mesh.Silo.Hosting.Storage;
using Microsoft.Data.Sqlite;

namespace Mesh.Tests.Silo.Storage;

public sealed class SqliteConnectionSourceTests : IDisposable
{
    private readonly TempDatabase database = new();

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task Opened_connections_wait_natively_for_the_write_lock_and_skip_the_commit_fsync()
    {
        var sqlite = new SqliteDatabase(database.Path);
        await sqlite.EnsureCreatedAsync(CancellationToken.None);
        await using var source = new SqliteConnectionSource(sqlite.ConnectionString);

        await using var connection = (SqliteConnection)await source.OpenConnectionAsync();

        (await Pragma(connection, "busy_timeout")).ShouldBe(5000L);
        (await Pragma(connection, "synchronous")).ShouldBe(1L, "1 is NORMAL");
    }

    private static async Task<object?> Pragma(SqliteConnection connection, string name)
    {
        await using var command = new SqliteCommand($"PRAGMA {name};", connection);
        return await command.ExecuteScalarAsync();
    }
}
