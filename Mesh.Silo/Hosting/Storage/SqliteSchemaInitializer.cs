using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Mesh.Silo.Hosting.Storage;

/// <summary>
/// Prepares every SQLite file registered with <see cref="SqliteGrainStorageExtensions"/> before the
/// grain storage providers read their queries from it.
/// </summary>
internal sealed partial class SqliteSchemaInitializer(
    IOptions<SqliteStorageOptions> options,
    ILogger<SqliteSchemaInitializer> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        // The ADO.NET providers initialise at ApplicationServices; this stage is well before it.
        lifecycle.Subscribe(nameof(SqliteSchemaInitializer), ServiceLifecycleStage.RuntimeInitialize, InitializeAsync);
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        // Sequential on purpose: several names usually share one file, and it is deduplicated
        // already; there is nothing to gain from racing two schema transactions.
        foreach (var path in options.Value.DatabasePaths)
        {
            var database = new SqliteDatabase(path);
            var journalMode = await database.EnsureCreatedAsync(cancellationToken);
            LogDatabaseReady(database.Path, journalMode);
            if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                LogWalUnavailable(database.Path, journalMode);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain state database {DatabasePath} is ready (journal mode {JournalMode})")]
    private partial void LogDatabaseReady(string databasePath, string journalMode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain state database {DatabasePath} stayed in journal mode {JournalMode}: WAL needs a local file system with shared memory; writes will be slower")]
    private partial void LogWalUnavailable(string databasePath, string journalMode);
}
