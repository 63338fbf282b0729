using Mesh.Grains.Delivery;
using Mesh.Grains.Durability;
using Mesh.Grains.Telemetry;
using Mesh.Grains.Events;
using Microsoft.Extensions.Options;
using Orleans.Serialization;

namespace Mesh.Silo.Hosting.Journal;

public static class MeshJournalExtensions
{
    /// <summary>
    /// The journal for the cluster mode: a SQLite file in the data directory (embedded), or tables
    /// in the cluster's PostgreSQL database. In durable mode it holds every accepted event until it
    /// is delivered; in memory mode only what does not fit in a consumer's memory (a spill), in a
    /// file of its own (<c>spill.db</c>) that starts empty, since memory mode keeps nothing across a restart.
    /// </summary>
    public static IServiceCollection AddMeshJournal(this IServiceCollection services, MeshOptions options)
    {
        var durable = options.EffectiveDurability == MeshDurability.Durable;
        if (options.Cluster == MeshClusterMode.Postgres)
        {
            services.AddSingleton<IEventJournal>(sp => new PostgresEventJournal(options.Postgres.ConnectionString!,
                // The service id in effect: Kubernetes hosting may take it from the pod.
                sp.GetRequiredService<IOptions<Orleans.Configuration.ClusterOptions>>().Value.ServiceId,
                sp.GetRequiredService<Serializer<EventEnvelope>>(), sp.GetRequiredService<MeshMetrics>(), sp.GetRequiredService<ILogger<PostgresEventJournal>>(), durable, sp.GetService<TimeProvider>()));
            return services;
        }
        var path = durable ? options.JournalPath : options.SpillPath;
        if (!durable) DeleteSpillFile(path);
        services.AddSingleton<IEventJournal>(sp => new SqliteEventJournal(path,
            sp.GetRequiredService<Serializer<EventEnvelope>>(), sp.GetRequiredService<MeshMetrics>(), sp.GetRequiredService<ILogger<SqliteEventJournal>>(), durable, sp.GetService<TimeProvider>()));
        return services;
    }

    private static void DeleteSpillFile(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            if (File.Exists(file)) File.Delete(file);
    }
}
