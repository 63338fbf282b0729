using Xunit.Abstractions;

namespace Mesh.Tests.Faults;

/// <summary>Embedded durable mode, one real process: a 202 survives kill -9.</summary>
[Trait("Category", "Slow")]
public sealed class EmbeddedCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_acknowledged_event_is_delivered_after_kill_9_right_after_the_last_202_and_a_restart()
    {
        await using var ledger = await DeliveryLedger.StartAsync();
        // Refusing everything until the crash: every acknowledged event is still owed when the process dies.
        ledger.Accepting = false;
        await using var silo = new SiloProcess("embedded", new Dictionary<string, string>(), output);
        await silo.StartAsync();
        var path = await FaultBroker.ApplyAsync(silo.Http, "crash", ledger.Subscriber.Url);

        await using var load = new LoadGenerator(FaultBroker.IngressOn([silo], path), perSecond: 150, "embedded");
        load.Start();
        await load.WaitForAcknowledgedAsync(300);
        await load.StopAsync();
        await silo.KillAsync();
        var acknowledged = load.Acknowledged.Keys.ToList();
        output.WriteLine($"before the crash: {load.Summary}; delivered {ledger.Delivered.Count}");
        ledger.Delivered.ShouldBeEmpty("the subscriber refused everything before the crash");

        ledger.Accepting = true;
        await silo.StartAsync();

        await ledger.WaitForAllAsync(acknowledged, load.Summary);
        output.WriteLine(ledger.Describe(acknowledged, load.Summary));
    }
}
