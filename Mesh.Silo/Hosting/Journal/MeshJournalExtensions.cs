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
    /// In durable mode, the journal for the cluster mode: a SQLite file in the data directory
    /// (embedded), or tables in the cluster's PostgreSQL database. Memory mode registers nothing,
    /// and the grains fall back to their memory-only stand-in.
    /// </summary>
    public static IServiceCollection AddMeshJournal(this IServiceCollection services, MeshOptions options)
    {
        if (options.EffectiveDurability != MeshDurability.Durable) return services;
        if (options.Cluster == MeshClusterMode.Postgres)
            services.AddSingleton<IEventJournal>(sp => new PostgresEventJournal(options.Postgres.ConnectionString!,
                // The service id in effect: Kubernetes hosting may take it from the pod.
                sp.GetRequiredService<IOptions<Orleans.Configuration.ClusterOptions>>().Value.ServiceId,
                sp.GetRequiredService<Serializer<EventEnvelope>>(), sp.GetRequiredService<MeshMetrics>(), sp.GetRequiredService<ILogger<PostgresEventJournal>>()));
        else
            services.AddSingleton<IEventJournal>(sp => new SqliteEventJournal(options.JournalPath,
                sp.GetRequiredService<Serializer<EventEnvelope>>(), sp.GetRequiredService<MeshMetrics>(), sp.GetRequiredService<ILogger<SqliteEventJournal>>()));
        return services;
    }
}
