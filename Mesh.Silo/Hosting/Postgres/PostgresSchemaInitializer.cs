using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Runtime;

namespace Mesh.Silo.Hosting.Postgres;

/// <summary>Prepares the cluster's PostgreSQL database before membership and grain storage read their queries from it.</summary>
internal sealed partial class PostgresSchemaInitializer(
    IOptions<PostgresClusterOptions> options,
    ILogger<PostgresSchemaInitializer> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        // Membership joins at RuntimeInitialize and the storage providers initialise later still;
        // one stage earlier, every silo has the schema before any of them reads OrleansQuery.
        lifecycle.Subscribe(nameof(PostgresSchemaInitializer), ServiceLifecycleStage.RuntimeInitialize - 1, InitializeAsync);
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var connectionString = options.Value.ConnectionString;
        await PostgresDatabase.EnsureCreatedAsync(connectionString, cancellationToken);
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        LogDatabaseReady(target.Host, target.Port, target.Database);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster database {Host}:{Port}/{Database} is ready")]
    private partial void LogDatabaseReady(string? host, int port, string? database);
}
