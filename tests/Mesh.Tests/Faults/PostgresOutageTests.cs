using Xunit.Abstractions;

namespace Mesh.Tests.Faults;

/// <summary>Cluster durable mode on a PostgreSQL server that goes away under load and comes back.</summary>
[Collection(SiloCluster.Collection)]
[Trait("Category", "Slow")]
public sealed class PostgresOutageTests(ITestOutputHelper output)
{
    // A 202 may still be on its way back when the server dies; past this, a 202 would be a lie.
    private static readonly TimeSpan InFlightGrace = TimeSpan.FromSeconds(3);

    [SkippableFact]
    public async Task Ingress_refuses_with_503_while_postgres_is_down_and_accepts_again_by_itself_losing_no_acknowledged_event()
    {
        Skip.If(PrivatePostgres.MissingReason is not null, PrivatePostgres.MissingReason);
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var ledger = await DeliveryLedger.StartAsync();
        await using var cluster = await SiloCluster.StartAsync(2, postgres.ConnectionString, output);
        var path = await FaultBroker.ApplyAsync(cluster.Silos[0].Http, "outage", ledger.Subscriber.Url);
        await using var load = new LoadGenerator(FaultBroker.IngressOn(cluster.Silos, path), perSecond: 100, "pg");
        load.Start();
        await load.WaitForAcknowledgedAsync(200);

        await postgres.StopAsync();
        var down = DateTime.UtcNow;
        await Eventually.TrueAsync(() => load.RefusedAt.Any(at => at > down), "ingress to answer 503 once PostgreSQL is down", () => load.Summary);
        // The outage itself: the mesh has to ride it out, not the test wait for something.
        await Task.Delay(TimeSpan.FromSeconds(6));
        var up = DateTime.UtcNow;
        await postgres.StartAgainAsync();
        output.WriteLine($"PostgreSQL down {down:HH:mm:ss.fff}–{up:HH:mm:ss.fff}: {load.Summary}");
        output.WriteLine("refusals: " + string.Join(" | ", load.Refusals));
        // The producer is told why, whichever silo's grain met the failure: a serialization error in its place would hide the cause.
        load.Refusals.ShouldAllBe(r => r.StartsWith("application/problem+json, Retry-After 1: ") && !r.Contains("codec", StringComparison.OrdinalIgnoreCase));

        var acknowledgedWhileDown = load.Acknowledged.Where(a => a.Value > down + InFlightGrace && a.Value < up).Select(a => a.Key).ToList();
        acknowledgedWhileDown.ShouldBeEmpty("nothing can be persisted while PostgreSQL is down, so nothing may be answered 202");
        load.RefusedAt.Count(at => at > down && at < up).ShouldBeGreaterThan(0);
        var acknowledgedAtRestart = load.Acknowledged.Count;
        await load.WaitForAcknowledgedAsync(acknowledgedAtRestart + 200);
        await load.StopAsync();
        output.WriteLine($"back to 202 {load.Acknowledged.Values.Where(at => at > up).Min() - up:s\\.fff} s after PostgreSQL was started again");

        var acknowledged = load.Acknowledged.Keys.ToList();
        await ledger.WaitForAllAsync(acknowledged, load.Summary);
        cluster.Silos.ShouldAllBe(s => s.IsRunning, "a short database outage must not take silos down");
        output.WriteLine(ledger.Describe(acknowledged, load.Summary));
        output.WriteLine(await cluster.CountersAsync());
    }
}
