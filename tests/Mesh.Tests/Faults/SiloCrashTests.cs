using Mesh.Tests.Cluster;
using Xunit.Abstractions;

namespace Mesh.Tests.Faults;

/// <summary>Cluster durable mode, three real processes: a silo killed under load loses no acknowledged event.</summary>
[Collection(SiloCluster.Collection)]
[Trait("Category", "Slow")]
public sealed class SiloCrashTests(ITestOutputHelper output)
{
    [PostgresFact]
    public async Task Killing_the_delivering_silo_mid_load_and_restarting_it_loses_no_acknowledged_event()
    {
        await using var ledger = await DeliveryLedger.StartAsync();
        ledger.Latency = TimeSpan.FromMilliseconds(100);
        await using var cluster = await SiloCluster.StartAsync(3, PostgresFactAttribute.ConnectionString!, output);
        var path = await FaultBroker.ApplyAsync(cluster.Silos[0].Http, "crash", ledger.Subscriber.Url);
        await using var load = new LoadGenerator(FaultBroker.IngressOn(cluster.Silos, path), perSecond: 100, "crash");
        load.Start();
        await load.WaitForAcknowledgedAsync(300);

        // The silo hosting the trigger has deliveries in flight and owed: the hardest one to lose.
        var victim = await cluster.BusiestDelivererAsync();
        await victim.KillAsync();
        var killedAt = load.Acknowledged.Count;
        await load.WaitForAcknowledgedAsync(killedAt + 300);
        await victim.StartAsync();
        await load.WaitForAcknowledgedAsync(load.Acknowledged.Count + 200);
        await load.StopAsync();

        var acknowledged = load.Acknowledged.Keys.ToList();
        await ledger.WaitForAllAsync(acknowledged, $"killed {victim.Name}; {load.Summary}");
        output.WriteLine($"killed {victim.Name}: {ledger.Describe(acknowledged, load.Summary)}");
        output.WriteLine(await cluster.CountersAsync());
    }
}
