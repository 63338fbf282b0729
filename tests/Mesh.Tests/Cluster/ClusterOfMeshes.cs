using Mesh.Tests.Infrastructure;

namespace Mesh.Tests.Cluster;

/// <summary>
/// Mesh hosts in cluster mode on one PostgreSQL database, under a cluster and service id of their
/// own so that test runs and tests never see each other's silos or state.
/// </summary>
public sealed class ClusterOfMeshes : IAsyncDisposable
{
    private readonly List<MeshHost> _hosts = [];
    private readonly string _id = $"test-{Guid.NewGuid():N}"[..17];

    public IReadOnlyList<MeshHost> Hosts => _hosts;

    public Dictionary<string, string?> Settings => new()
    {
        ["Mesh:Cluster"] = "Postgres",
        ["ConnectionStrings:Mesh"] = PostgresFactAttribute.ConnectionString,
        ["Mesh:ClusterId"] = _id,
        ["Mesh:ServiceId"] = _id,
        ["Mesh:AdvertisedIPAddress"] = "127.0.0.1",
    };

    /// <summary>Starts <paramref name="count"/> silos one after another (each joins the ones before it).</summary>
    public static async Task<ClusterOfMeshes> StartAsync(int count)
    {
        var cluster = new ClusterOfMeshes();
        for (var i = 0; i < count; i++) await cluster.AddSiloAsync();
        return cluster;
    }

    public async Task<MeshHost> AddSiloAsync()
    {
        var host = await MeshHost.StartAsync(Settings);
        _hosts.Add(host);
        return host;
    }

    /// <summary>Stops one silo gracefully: it leaves the membership and its grains move on their next call.</summary>
    public async Task StopAsync(MeshHost host)
    {
        _hosts.Remove(host);
        await host.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        // Last first: the earliest silo hosts most of the system grains, so it goes last.
        for (var i = _hosts.Count - 1; i >= 0; i--) await _hosts[i].DisposeAsync();
        _hosts.Clear();
    }
}
