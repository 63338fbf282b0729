using System.Globalization;
using Xunit.Abstractions;

namespace Mesh.Tests.Faults;

/// <summary>
/// Silo processes in cluster mode on one PostgreSQL database, durable, under a cluster and service
/// id of their own so that tests never see each other's silos, journal rows or state. Tests that
/// start one share the collection <see cref="Collection"/>, so that they run one after another: on
/// a small machine two clusters at once would measure the scheduler rather than the mesh.
/// </summary>
[CollectionDefinition(Collection)]
public sealed class SiloCluster : IAsyncDisposable
{
    public const string Collection = "Silo processes";

    private SiloCluster(IReadOnlyList<SiloProcess> silos) => Silos = silos;

    public IReadOnlyList<SiloProcess> Silos { get; }

    /// <summary>Starts <paramref name="count"/> silos together and waits until each is ready.</summary>
    public static async Task<SiloCluster> StartAsync(int count, string connectionString, ITestOutputHelper output)
    {
        var settings = SiloSettings.Cluster(connectionString, $"faults-{Guid.NewGuid():N}"[..19]);
        var cluster = new SiloCluster([.. Enumerable.Range(1, count).Select(i => new SiloProcess($"silo-{i}", settings, output))]);
        try
        {
            await Task.WhenAll(cluster.Silos.Select(s => s.StartAsync()));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    /// <summary>The silo whose trigger grains delivered the most so far, read from each silo's <c>/metrics</c>.</summary>
    public async Task<SiloProcess> BusiestDelivererAsync()
    {
        var counts = await Task.WhenAll(Silos.Select(s => CounterAsync(s, "mesh_events_delivered_total")));
        return Silos[Array.IndexOf(counts, counts.Max())];
    }

    /// <summary>One counter of a running silo's Prometheus page (summed over its series), or 0.</summary>
    public static async Task<double> CounterAsync(SiloProcess silo, string name)
    {
        if (!silo.IsRunning) return 0;
        try
        {
            var page = await silo.Http.GetStringAsync("/metrics");
            return page.Split('\n')
                .Where(line => line.StartsWith(name + " ", StringComparison.Ordinal) || line.StartsWith(name + "{", StringComparison.Ordinal))
                .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    /// <summary>What each silo counted, for the test output: offered at ingress, delivered, recovered from the journal, failed commits.</summary>
    public async Task<string> CountersAsync()
    {
        string[] names = ["mesh_ingress_events_total", "mesh_events_delivered_total", "mesh_journal_recovered_total", "mesh_journal_failures_total"];
        var lines = new List<string>();
        foreach (var silo in Silos)
        {
            var values = await Task.WhenAll(names.Select(n => CounterAsync(silo, n)));
            lines.Add($"{silo.Name}: " + string.Join(", ", names.Zip(values, (n, v) => $"{n["mesh_".Length..^"_total".Length]} {v}")));
        }
        return string.Join("; ", lines);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos.Reverse()) await silo.DisposeAsync();
    }
}
