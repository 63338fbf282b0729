using Mesh.Silo.Hosting.Journal;
using Mesh.Tests.Cluster;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Sql = Mesh.Silo.Hosting.Postgres.PostgresQueries.Journal;

namespace Mesh.Tests.Silo.Journal;

/// <summary>
/// The plans a prepared statement keeps. <see cref="PostgresJournalPlanTests"/> asks for the plan of
/// one execution on tables the statistics know to be full; a prepared statement, though, settles on
/// a generic plan after a few executions and keeps it until the table is analyzed again, and a
/// queue's tables are often nearly empty just then. The journal's connections plan every statement
/// as index lookups even so. Asked of the server: each statement prepared on a connection with the
/// journal's connection string, its generic plan explained, in a schema of the test's own.
/// </summary>
public sealed class PostgresJournalGenericPlanTests : IAsyncLifetime
{
    private PostgresTestSchema? _schema;
    private const string Service = "plans";

    // Each statement with arguments of the types it takes; the values do not matter to a generic plan.
    private static readonly (string Name, string Sql, string Arguments)[] Statements =
    [
        ("Settle", Sql.Settle, "'{trigger:ns/t}', '{ns/b}', '{1}', '{plans}'"),
        ("DropSettledEvents", Sql.DropSettledEvents, "'{ns/b}', '{1}', '{plans}'"),
        ("Reschedule", Sql.Reschedule, "'{trigger:ns/t}', '{ns/b}', '{1}', '{2}', '{0}', '{plans}'"),
        ("ReadPending", Sql.ReadPending, "'trigger:ns/t', 'plans', '', 0, 4096"),
        ("ReadEvents", Sql.ReadEvents, "'plans', 'ns/b', '{1,2}', 'trigger:ns/t'"),
        ("ReadLastSequence", Sql.ReadLastSequence, "'ns/b', 'plans'"),
        ("ReadConsumers", Sql.ReadConsumers, "'plans'"),
        ("Forget", Sql.Forget, "'{trigger:ns/t}', 'plans'"),
        ("Sweep", Sql.Sweep, "'plans'"),
    ];

    public async Task InitializeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is not { } connectionString) return;
        _schema = await PostgresTestSchema.CreateAsync(connectionString, "generic");
        await using (var journal = new PostgresEventJournal(_schema.ConnectionString, Service, JournalFixtures.Serializer, JournalFixtures.Metrics,
            NullLogger<PostgresEventJournal>.Instance))
            await journal.LastSequenceAsync("ns/b"); // creates the tables
        // A queue as autovacuum last saw it: a handful of rows, analyzed.
        await _schema.ExecuteAsync(
            """
            INSERT INTO mesh_events SELECT 'plans', 'ns/b', g, '\x00' FROM generate_series(1, 5) g;
            INSERT INTO mesh_deliveries (service, consumer, stream, seq) SELECT 'plans', 'trigger:ns/t', 'ns/b', g FROM generate_series(1, 5) g;
            ANALYZE mesh_events; ANALYZE mesh_deliveries;
            """);
    }

    public async Task DisposeAsync()
    {
        if (_schema is not null) await _schema.DisposeAsync();
    }

    [PostgresFact]
    public async Task Every_statement_is_planned_as_index_lookups_on_a_table_the_statistics_call_nearly_empty()
    {
        var plans = await GenericPlansAsync(PostgresEventJournal.JournalConnectionString(_schema!.ConnectionString));

        foreach (var (name, plan) in plans)
            foreach (var wholeTable in (string[])["Seq Scan", "Hash Join", "Merge Join", "Hash Anti Join", "Hash Semi Join"])
                plan.ShouldNotContain(wholeTable, Case.Sensitive, $"{name} reads a whole table:\n{plan}");
    }

    [PostgresFact]
    public async Task Left_to_its_defaults_the_planner_would_read_whole_tables_there()
    {
        // What the journal's settings are for: without them the same statements, on the same
        // tables, get plans that read every row, and keep them while the tables grow.
        var plans = await GenericPlansAsync(_schema!.ConnectionString);

        plans.Where(p => p.Plan.Contains("Seq Scan", StringComparison.Ordinal)).Select(p => p.Name).ShouldContain("Settle");
    }

    [PostgresFact]
    public async Task A_pooled_connection_comes_back_with_the_settings_whatever_its_last_user_set()
    {
        // Startup options are the session's defaults, so the reset a pooled connection gets on its
        // way back to the pool (RESET ALL among it) restores them rather than the server's.
        await using var pool = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(PostgresEventJournal.JournalConnectionString(_schema!.ConnectionString)) { MaxPoolSize = 1 }.ConnectionString);
        string? backend;
        await using (var first = await pool.OpenConnectionAsync())
        {
            backend = await ScalarAsync(first, "SELECT pg_backend_pid()::text");
            (await ScalarAsync(first, "SHOW enable_seqscan")).ShouldBe("off");
            await ScalarAsync(first, "SELECT set_config('enable_seqscan', 'on', false)");
        }
        await using var again = await pool.OpenConnectionAsync();

        (await ScalarAsync(again, "SELECT pg_backend_pid()::text")).ShouldBe(backend, "the pool's one connection, used again");
        (await ScalarAsync(again, "SHOW enable_seqscan")).ShouldBe("off");
        (await ScalarAsync(again, "SHOW enable_hashjoin")).ShouldBe("off");
        (await ScalarAsync(again, "SHOW enable_mergejoin")).ShouldBe("off");
    }

    private static async Task<string?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    private async Task<List<(string Name, string Plan)>> GenericPlansAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var generic = new NpgsqlCommand("SET plan_cache_mode = force_generic_plan", connection))
            await generic.ExecuteNonQueryAsync();
        var plans = new List<(string, string)>();
        foreach (var (name, sql, arguments) in Statements)
        {
            await using (var prepare = new NpgsqlCommand($"PREPARE plan_{name} AS {sql}", connection))
                await prepare.ExecuteNonQueryAsync();
            await using var explain = new NpgsqlCommand($"EXPLAIN EXECUTE plan_{name}({arguments})", connection);
            var lines = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
                while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
            plans.Add((name, string.Join('\n', lines)));
        }
        return plans;
    }
}
