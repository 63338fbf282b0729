namespace Mesh.Tests.Cluster;

/// <summary>A fact that needs PostgreSQL: skipped, with the reason, when <c>MESH_TEST_POSTGRES</c> is unset.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "MESH_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
            Skip = $"{Variable} is not set: these tests need a PostgreSQL server (.ci/postgres starts one and prints the connection string).";
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable);
}
