namespace Mesh.Silo.Hosting;

/// <summary>PostgreSQL for cluster mode, bound from <c>Mesh:Postgres</c>.</summary>
public sealed class MeshPostgresOptions
{
    /// <summary>An Npgsql connection string. Default: <c>ConnectionStrings:Mesh</c>.</summary>
    public string? ConnectionString { get; set; }
}
