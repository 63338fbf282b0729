namespace Mesh.Silo.Hosting.Postgres;

/// <summary>The database that <see cref="PostgresSchemaInitializer"/> prepares; set in code from <see cref="MeshOptions"/>.</summary>
internal sealed class PostgresClusterOptions
{
    public string ConnectionString { get; set; } = "";
}
