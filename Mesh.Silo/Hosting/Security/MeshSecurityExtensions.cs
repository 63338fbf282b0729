using Mesh.Grains.Egress;
using Mesh.Grains.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Mesh.Silo.Hosting.Security;

public static class MeshSecurityExtensions
{
    /// <summary>The Data Protection application name: silos on different hosts and paths must share it to read each other's secrets.</summary>
    public const string ApplicationName = "mesh";

    /// <summary>
    /// Where this mode keeps what protects secrets: Data Protection's key ring and the token-signing
    /// key in the data directory (embedded) or the cluster database (PostgreSQL); and the ports the
    /// egress policy never calls (this silo's own).
    /// </summary>
    public static IServiceCollection AddMeshSecurity(this IServiceCollection services, MeshOptions options)
    {
        var dataProtection = services.AddDataProtection().SetApplicationName(ApplicationName);
        if (options.Cluster == MeshClusterMode.Postgres)
        {
            var connectionString = options.Postgres.ConnectionString!;
            services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
                o.XmlRepository = new PostgresXmlRepository(connectionString, ServiceId(sp))));
            services.AddSingleton<ISigningKeyStore>(sp => new PostgresSigningKeyStore(connectionString, ServiceId(sp)));
        }
        else
        {
            var keys = new DirectoryInfo(Path.Combine(options.DataDirectory, "keys"));
            if (!keys.Exists && !OperatingSystem.IsWindows()) Directory.CreateDirectory(keys.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            dataProtection.PersistKeysToFileSystem(keys);
            services.AddSingleton<ISigningKeyStore>(new FileSigningKeyStore(Path.Combine(keys.FullName, "issuer.key")));
        }
        services.PostConfigure<EgressOptions>(egress =>
        {
            egress.ReservedPorts[options.SiloPort] = "Mesh:SiloPort";
            egress.ReservedPorts[options.GatewayPort] = "Mesh:GatewayPort";
        });
        return services;
    }

    // The service id in effect, read when first needed: Kubernetes hosting may take it from the pod.
    private static Func<string> ServiceId(IServiceProvider services) =>
        () => services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;
}
