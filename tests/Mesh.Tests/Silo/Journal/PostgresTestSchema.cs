using Npgsql;

namespace Mesh.Tests.Silo.Journal;

/// <summary>
/// A schema of one test's own in the tests' database: tables made there (the journal's, through
/// <see cref="ConnectionString"/>) have statistics that hold only what the test put in, whatever
/// other tests leave in the shared tables. Dropped with everything in it.
/// </summary>
internal sealed class PostgresTestSchema : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name;

    private PostgresTestSchema(string server, string name)
    {
        _server = server;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = name }.ConnectionString;
    }

    /// <summary>The tests' connection string with the schema first on the search path.</summary>
    public string ConnectionString { get; }

    public static async Task<PostgresTestSchema> CreateAsync(string connectionString, string prefix)
    {
        var schema = new PostgresTestSchema(connectionString, $"{prefix}_{Guid.NewGuid():N}");
        await ExecuteAsync(connectionString, $"CREATE SCHEMA {schema._name}");
        return schema;
    }

    /// <summary>Runs <paramref name="sql"/> in the schema.</summary>
    public Task ExecuteAsync(string sql) => ExecuteAsync(ConnectionString, sql);

    public async ValueTask DisposeAsync() => await ExecuteAsync(_server, $"DROP SCHEMA IF EXISTS {_name} CASCADE");

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
