using System.Text.Json;
using Mesh.Tests.Cluster;
using Npgsql;
using Shouldly;
using Sql = Mesh.Silo.Hosting.Postgres.PostgresQueries.Journal;

namespace Mesh.Tests.Silo.Journal;

/// <summary>
/// How PostgreSQL runs the statements that settle deliveries. With the service id as one constant,
/// a service the statistics had not seen yet (every new deployment) was planned as a handful of
/// rows, and each commit read every pending row of the service: commits slowed down as the backlog
/// grew. Every row of these statements must be an index lookup on the whole key.
/// </summary>
public sealed class PostgresJournalPlanTests : IAsyncLifetime
{
    private const int OtherRows = 5000;
    private const string Other = "plan-other";
    // A schema of its own: the statistics then hold exactly one service, and the one asked about is
    // certainly unseen, whatever other tests left in the shared tables.
    private readonly string _fresh = $"plan-fresh-{Guid.NewGuid():N}";
    private PostgresTestSchema? _schema;
    private NpgsqlDataSource? _database;

    public async Task InitializeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is not { } connectionString) return;
        _schema = await PostgresTestSchema.CreateAsync(connectionString, "plan");
        _database = NpgsqlDataSource.Create(_schema.ConnectionString);
        // Another service's rows, analysed, make the tables big enough that a walk over a
        // service's rows is the planner's choice only if it believes that service has next to none.
        await _schema.ExecuteAsync(Sql.Schema);
        await _schema.ExecuteAsync($"""
            INSERT INTO mesh_events (service, stream, seq, payload) SELECT '{Other}', 'ns/broker', g, '\x00' FROM generate_series(1, {OtherRows}) g;
            INSERT INTO mesh_deliveries (service, consumer, stream, seq) SELECT '{Other}', 'trigger:ns/t', 'ns/broker', g FROM generate_series(1, {OtherRows}) g;
            ANALYZE mesh_events, mesh_deliveries;
            """);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
        if (_schema is not null) await _schema.DisposeAsync();
    }

    [PostgresFact]
    public async Task Settling_looks_up_each_delivery_by_its_whole_key_for_a_service_the_statistics_have_not_seen() =>
        AssertLookupsByKey(await Plan(Sql.Settle, Consumers, Streams, Sequences, Services));

    [PostgresFact]
    public async Task Dropping_settled_events_looks_up_each_event_and_its_deliveries_by_the_whole_key() =>
        AssertLookupsByKey(await Plan(Sql.DropSettledEvents, Streams, Sequences, Services));

    [PostgresFact]
    public async Task Rescheduling_looks_up_each_delivery_by_its_whole_key() =>
        AssertLookupsByKey(await Plan(Sql.Reschedule, Consumers, Streams, Sequences, new[] { 1, 1 }, new[] { 0L, 0L }, Services));

    private static string[] Consumers => ["trigger:ns/t", "trigger:ns/t"];

    private static string[] Streams => ["ns/broker", "ns/broker"];

    private static long[] Sequences => [1, 2];

    private string[] Services => [_fresh, _fresh];

    // Every read of a journal table in the plan is an index scan whose condition names the
    // sequence: a lookup of one key, not a walk over the service's rows.
    private static void AssertLookupsByKey(JsonElement plan)
    {
        var reads = new List<JsonElement>();
        Collect(plan, reads);
        reads.ShouldNotBeEmpty();
        foreach (var read in reads)
        {
            var relation = read.GetProperty("Relation Name").GetString();
            read.GetProperty("Node Type").GetString().ShouldStartWith("Index", customMessage: $"{relation} is read by {read}");
            var condition = read.TryGetProperty("Index Cond", out var given) ? given.GetString() ?? "" : "";
            condition.ShouldContain("seq", customMessage: $"{relation} is read by {read}");
        }
    }

    private static void Collect(JsonElement node, List<JsonElement> reads)
    {
        if (node.TryGetProperty("Relation Name", out var relation) && relation.GetString() is "mesh_events" or "mesh_deliveries"
            && node.GetProperty("Node Type").GetString() is not ("ModifyTable" or "Delete" or "Update"))
            reads.Add(node);
        if (node.TryGetProperty("Plans", out var children))
            foreach (var child in children.EnumerateArray()) Collect(child, reads);
    }

    private async Task<JsonElement> Plan(string sql, params object[] values)
    {
        await using var command = _database!.CreateCommand($"EXPLAIN (FORMAT JSON) {sql}");
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        var json = (string)(await command.ExecuteScalarAsync())!;
        return JsonDocument.Parse(json).RootElement[0].GetProperty("Plan");
    }
}
