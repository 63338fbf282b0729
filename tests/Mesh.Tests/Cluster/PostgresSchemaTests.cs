using Mesh.Silo.Hosting.Postgres;
using Npgsql;

namespace Mesh.Tests.Cluster;

/// <summary>The schema every silo applies at start-up, against a real PostgreSQL.</summary>
public sealed class PostgresSchemaTests
{
    [PostgresFact]
    public async Task Silos_starting_together_apply_the_schema_without_tripping_over_each_other()
    {
        var connectionString = PostgresFactAttribute.ConnectionString!;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostgresDatabase.EnsureCreatedAsync(connectionString, CancellationToken.None)));

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery", connection);
        var keys = new List<string>();
        await using (var reader = await count.ExecuteReaderAsync())
            while (await reader.ReadAsync()) keys.Add(reader.GetString(0));
        keys.ShouldBe(PostgresQueries.ProviderQueries.Keys, ignoreOrder: true);
    }

    [PostgresFact]
    public async Task A_write_over_a_stale_version_is_refused()
    {
        var connectionString = PostgresFactAttribute.ConnectionString!;
        await PostgresDatabase.EnsureCreatedAsync(connectionString, CancellationToken.None);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var grain = $"stale-{Guid.NewGuid():N}";

        var first = await WriteAsync(connection, grain, version: null);
        var second = await WriteAsync(connection, grain, version: first);
        var stale = await WriteAsync(connection, grain, version: first);
        var duplicateFirst = await WriteAsync(connection, grain, version: null);

        (first, second, stale, duplicateFirst).ShouldBe((1, 2, (int?)null, (int?)null));
    }

    private static async Task<int?> WriteAsync(NpgsqlConnection connection, string grain, int? version)
    {
        await using var command = new NpgsqlCommand(PostgresQueries.ProviderQueries["WriteToStorageKey"], connection);
        command.Parameters.AddWithValue("GrainIdHash", 1);
        command.Parameters.AddWithValue("GrainIdN0", 0L);
        command.Parameters.AddWithValue("GrainIdN1", 0L);
        command.Parameters.AddWithValue("GrainTypeHash", 2);
        command.Parameters.AddWithValue("GrainTypeString", "test");
        command.Parameters.AddWithValue("GrainIdExtensionString", grain);
        command.Parameters.AddWithValue("ServiceId", "schema-tests");
        command.Parameters.AddWithValue("GrainStateVersion", (object?)version ?? DBNull.Value);
        command.Parameters.AddWithValue("PayloadBinary", new byte[] { 1, 2, 3 });
        var result = await command.ExecuteScalarAsync();
        return result is DBNull or null ? null : Convert.ToInt32(result);
    }
}
