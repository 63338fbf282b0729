using Mesh.Silo.Hosting.Storage;

namespace Mesh.Tests.Silo.Storage;

public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly TempDatabase database = new();

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task Creating_twice_leaves_one_copy_of_each_query_and_wal_on()
    {
        var sqlite = new SqliteDatabase(database.Path);

        (await sqlite.EnsureCreatedAsync(CancellationToken.None)).ShouldBe("wal");
        (await sqlite.EnsureCreatedAsync(CancellationToken.None)).ShouldBe("wal");

        (await database.ScalarAsync("SELECT group_concat(QueryKey, ',') FROM (SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey)"))
            .ShouldBe("ClearStorageKey,ReadFromStorageKey,WriteToStorageKey");
    }

    [Fact]
    public void Relative_paths_are_made_absolute()
    {
        new SqliteDatabase("data/mesh.db").Path.ShouldBe(Path.GetFullPath("data/mesh.db"));
    }
}
