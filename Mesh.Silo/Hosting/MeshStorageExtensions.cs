using Orleans.Storage;
using Mesh.Silo.Hosting.Storage;

namespace Mesh.Silo.Hosting;

public static class MeshStorageExtensions
{
    /// <summary>
    /// Grain state for the mesh's grains ("mesh"), in the SQLite file under <see cref="MeshOptions.DataDirectory"/>.
    /// </summary>
    public static ISiloBuilder AddMeshStorage(this ISiloBuilder silo, MeshOptions options)
    {
        silo.AddMeshSqliteGrainStorage("mesh", options.DatabasePath);
        // Orleans' own binary format, not the provider's default JSON: faster, and it needs no type allow-list.
        silo.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        return silo;
    }
}
