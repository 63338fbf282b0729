using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;

namespace Mesh.Silo.Hosting.Storage;

/// <summary>Grain state in a local SQLite file, through Orleans' own ADO.NET grain storage provider.</summary>
public static class SqliteGrainStorageExtensions
{
    /// <summary>
    /// Registers the ADO.NET grain storage provider <paramref name="name"/> on the SQLite file at
    /// <paramref name="databasePath"/>. The file, its directory and its schema are created at silo
    /// start-up; several names may share one file.
    /// </summary>
    public static ISiloBuilder AddMeshSqliteGrainStorage(this ISiloBuilder silo, string name, string databasePath)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        silo.Services.AddMeshSqliteGrainStorage(name, databasePath);
        return silo;
    }

    /// <inheritdoc cref="AddMeshSqliteGrainStorage(ISiloBuilder, string, string)"/>
    public static IServiceCollection AddMeshSqliteGrainStorage(this IServiceCollection services, string name, string databasePath)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var database = new SqliteDatabase(databasePath);

        services.AddOptions<SqliteStorageOptions>().Configure(options => options.DatabasePaths.Add(database.Path));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, SqliteSchemaInitializer>());
        services.AddAdoNetGrainStorage(name, options =>
        {
            options.Invariant = SqliteDatabase.AdoNetInvariant;
            // A data source rather than a connection string: it sets up each connection it opens.
            options.DataSource = new SqliteConnectionSource(database.ConnectionString);
        });
        return services;
    }
}
