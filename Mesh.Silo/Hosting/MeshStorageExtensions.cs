namespace Mesh.Silo.Hosting;

public static class MeshStorageExtensions
{
    /// <summary>Grain state for the mesh's grains ("mesh") and stream subscriptions ("PubSubStore").</summary>
    public static ISiloBuilder AddMeshStorage(this ISiloBuilder silo, MeshOptions options)
    {
        silo.AddMemoryGrainStorage("mesh");
        silo.AddMemoryGrainStorage("PubSubStore");
        return silo;
    }
}
