using Mesh.Tests.Cluster;
using Xunit.Abstractions;

namespace Mesh.Tests.Faults;

/// <summary>Cluster durable mode, three real processes: a rolling restart under load loses no acknowledged event.</summary>
[Collection(SiloCluster.Collection)]
[Trait("Category", "Slow")]
public sealed class RollingRestartTests(ITestOutputHelper output)
{
    [PostgresFact]
    public async Task Restarting_every_silo_one_at_a_time_under_load_loses_no_acknowledged_event()
    {
        await using var ledger = await DeliveryLedger.StartAsync();
        ledger.Latency = TimeSpan.FromMilliseconds(100);
        await using var cluster = await SiloCluster.StartAsync(3, PostgresFactAttribute.ConnectionString!, output);
        var path = await FaultBroker.ApplyAsync(cluster.Silos[0].Http, "rolling", ledger.Subscriber.Url);
        await using var load = new LoadGenerator(FaultBroker.IngressOn(cluster.Silos, path), perSecond: 100, "rolling");
        load.Start();
        await load.WaitForAcknowledgedAsync(200);

        // As an orchestrator rolls a deployment: SIGTERM, wait for the exit, start, wait for ready.
        foreach (var silo in cluster.Silos)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await silo.StopAsync();
            var stopped = clock.Elapsed;
            await silo.StartAsync();
            output.WriteLine($"{silo.Name} stopped in {stopped.TotalSeconds:0.0} s, ready {(clock.Elapsed - stopped).TotalSeconds:0.0} s later: {load.Summary}");
        }
        await load.WaitForAcknowledgedAsync(load.Acknowledged.Count + 200);
        await load.StopAsync();

        var acknowledged = load.Acknowledged.Keys.ToList();
        await ledger.WaitForAllAsync(acknowledged, load.Summary);
        output.WriteLine(ledger.Describe(acknowledged, load.Summary));
        output.WriteLine(await cluster.CountersAsync());
    }
}
