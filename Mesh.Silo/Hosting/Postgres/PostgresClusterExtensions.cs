using System.Net;
using Mesh.Silo.Hosting.Kubernetes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Mesh.Silo.Hosting.Postgres;

/// <summary>Cluster mode: membership and grain state in PostgreSQL through Orleans' own ADO.NET providers.</summary>
public static class PostgresClusterExtensions
{
    /// <summary>
    /// Makes this silo one of the cluster <see cref="MeshOptions.ClusterId"/>: ADO.NET membership,
    /// grain storage "mesh", and endpoints from <paramref name="options"/> (or from the pod, with
    /// <see cref="MeshOptions.KubernetesHosting"/>). The schema is applied at silo start-up.
    /// </summary>
    public static ISiloBuilder AddMeshPostgresCluster(this ISiloBuilder silo, MeshOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        var connectionString = options.Postgres.ConnectionString
            ?? throw new ArgumentException("Mesh:Cluster=Postgres needs a connection string.", nameof(options));

        silo.Services.AddOptions<PostgresClusterOptions>().Configure(o => o.ConnectionString = connectionString);
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, PostgresSchemaInitializer>());

        silo.Configure<ClusterOptions>(c => { c.ClusterId = options.ClusterId; c.ServiceId = options.ServiceId; });
        // Without an address Orleans advertises the host's first IPv4 address, which is what other
        // hosts need; listening on all addresses keeps loopback working beside it.
        if (options.KubernetesHosting)
            silo.UseMeshKubernetesHosting(options);
        else if (options.AdvertisedIPAddress is { } advertised)
            silo.ConfigureEndpoints(IPAddress.Parse(advertised), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
        else
            silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
        silo.UseAdoNetClustering(c =>
        {
            c.Invariant = PostgresDatabase.AdoNetInvariant;
            c.ConnectionString = connectionString;
        });
        silo.AddAdoNetGrainStorage("mesh", s =>
        {
            s.Invariant = PostgresDatabase.AdoNetInvariant;
            s.ConnectionString = connectionString;
        });
        // Orleans' own binary format, as in embedded mode.
        silo.Services.TryAddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        // A database failure inside a grain (a journal commit refused while PostgreSQL is down) travels
        // back to the caller on another silo. Orleans serializes only exceptions of the namespaces it
        // is told about; without this it cannot send an NpgsqlException, logs an error per call, and
        // the caller (and the producer's 503) gets "no codec for NpgsqlException" instead of the cause.
        silo.Services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
        return silo;
    }
}
