using Mesh.Silo.Hosting.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mesh.Tests.Silo.Storage;

/// <summary>
/// A real single-silo host on free localhost ports whose "mesh" and "PubSubStore" storage live in
/// one SQLite file. Two of them with the same service id behave like two silos of one service.
/// </summary>
internal sealed class SqliteTestSilo : IAsyncDisposable
{
    public const string ServiceId = "mesh-storage-tests";

    private readonly IHost host;

    private SqliteTestSilo(IHost host) => this.host = host;

    public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<SqliteTestSilo> StartAsync(string databasePath)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort.Next(), FreePort.Next(), serviceId: ServiceId, clusterId: Guid.NewGuid().ToString("N"))
            .AddMeshSqliteGrainStorage("mesh", databasePath)
            .AddMeshSqliteGrainStorage("PubSubStore", databasePath));
        var host = builder.Build();
        await host.StartAsync();
        return new SqliteTestSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
