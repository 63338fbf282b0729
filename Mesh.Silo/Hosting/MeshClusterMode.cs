namespace Mesh.Silo.Hosting;

/// <summary>How silos find each other and where grain state lives; see <see cref="MeshOptions.Cluster"/>.</summary>
public enum MeshClusterMode
{
    Embedded,
    Postgres,
}
