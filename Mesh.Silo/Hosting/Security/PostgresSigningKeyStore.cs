using Mesh.Grains.Identity;
using Npgsql;

namespace Mesh.Silo.Hosting.Security;

/// <summary>Cluster mode: the issuer's key (protected) in a row of the cluster database, so that every silo signs with the same key.</summary>
internal sealed class PostgresSigningKeyStore(string connectionString, Func<string> serviceId) : ISigningKeyStore
{
    public async Task<string> GetOrAddAsync(string candidate, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        // Silos starting together each offer a key; the first insert wins and all read it back.
        await using var command = new NpgsqlCommand(
            "INSERT INTO MeshSigningKeys (ServiceId, Material) VALUES (@service, @material) ON CONFLICT (ServiceId) DO NOTHING; " +
            "SELECT Material FROM MeshSigningKeys WHERE ServiceId = @service", connection);
        command.Parameters.AddWithValue("service", serviceId());
        command.Parameters.AddWithValue("material", candidate);
        return (string)(await command.ExecuteScalarAsync(cancellation))!;
    }
}
