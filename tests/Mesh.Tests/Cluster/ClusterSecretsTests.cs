using System.Text;
using Mesh.Grains.Identity;
using Mesh.Grains.Secrets;
using Mesh.Operator.Kinds.Secret;
using Mesh.Tests.Operator.Store;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Mesh.Tests.Cluster;

/// <summary>
/// In cluster mode Data Protection's key ring and the token-signing key live in the cluster
/// database: every silo reads what another protected and signs with the same key, and no row holds
/// a secret in the clear.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ClusterSecretsTests
{
    [PostgresFact]
    public async Task Silos_share_the_key_ring_and_the_signing_key_and_rows_hold_no_secret_value()
    {
        var secret = "cluster-secret-" + Guid.NewGuid().ToString("N");
        await using var cluster = await ClusterOfMeshes.StartAsync(2);
        var (a, b) = (cluster.Hosts[0], cluster.Hosts[1]);

        var sealedByA = a.Services.GetRequiredService<SecretProtector>().Protect(secret);
        b.Services.GetRequiredService<SecretProtector>().Unprotect(sealedByA).ShouldBe(secret);
        var jwksA = await a.Http.GetStringAsync(MeshIssuer.JwksPath);
        var jwksB = await b.Http.GetStringAsync(MeshIssuer.JwksPath);
        jwksB.ShouldBe(jwksA);

        await a.MustApplyAsync($"""
            apiVersion: v1
            kind: Secret
            metadata: {"{"} name: shared, namespace: cluster-secrets {"}"}
            stringData: {"{"} token: "{secret}" {"}"}
            """);
        var serviceId = cluster.Settings["Mesh:ServiceId"]!;
        await using (var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT PayloadBinary FROM OrleansStorage WHERE ServiceId = @service AND PayloadBinary IS NOT NULL", connection);
            command.Parameters.AddWithValue("service", serviceId);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = 0;
            while (await reader.ReadAsync())
            {
                rows++;
                StoredBytes.FindIn((byte[])reader[0], secret).ShouldBeNull("a grain state row holds the secret");
            }
            rows.ShouldBeGreaterThan(0);
        }

        // The whole cluster stops; a silo started afresh still reads the secret.
        await cluster.StopAsync(b);
        await cluster.StopAsync(a);
        var c = await cluster.AddSiloAsync();
        var stored = await c.Services.GetRequiredService<StoredSecrets>().GetAsync("cluster-secrets", "shared", CancellationToken.None);
        Encoding.UTF8.GetString(stored!.Data["token"]).ShouldBe(secret);
        (await c.Http.GetStringAsync(MeshIssuer.JwksPath)).ShouldBe(jwksA);
    }
}
