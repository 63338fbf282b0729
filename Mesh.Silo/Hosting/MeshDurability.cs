namespace Mesh.Silo.Hosting;

/// <summary>What a 202 from the ingress promises; see <see cref="MeshOptions.Durability"/>.</summary>
public enum MeshDurability
{
    Memory,
    Durable,
}
