using System.Runtime;
using System.Runtime.InteropServices;
using Mesh.Operator.Hosting;
using Mesh.Silo.Hosting.Telemetry;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Mesh.Silo.Hosting;

/// <summary>
/// Once the mesh listens, says in one short block what it is and where to find it: version, mode,
/// durability, listen addresses, data directory, the runtime and its garbage collector (a setting
/// that moved ingress by a sixth on two cores and is easy to lose, see Mesh.Silo.csproj), and the
/// URLs of the ingress, the topology page and the dashboard.
/// </summary>
public sealed partial class StartupBanner(
    IHostApplicationLifetime lifetime,
    IServer server,
    PublicAddress address,
    IOptions<MeshOptions> options,
    ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Write);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Write()
    {
        var mesh = options.Value;
        var listen = string.Join(", ", server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
        var mode = mesh.Cluster == MeshClusterMode.Embedded ? "embedded" : $"cluster ({mesh.Cluster}, cluster id {mesh.ClusterId})";
        var data = mesh.Cluster == MeshClusterMode.Embedded ? Path.GetFullPath(mesh.DataDirectory) : "PostgreSQL";
        var baseUrl = address.BaseUrl;
        LogStarted(logger, MeshVersion.Text, mode, mesh.EffectiveDurability.ToString().ToLowerInvariant(), listen, data, Runtime(),
            $"{baseUrl}/{{namespace}}/{{broker}}", $"{baseUrl}/ui", mesh.Dashboard ? $"{baseUrl}/dashboard/" : "off (Mesh:Dashboard=false)");
    }

    /// <summary>For example ".NET 10.0.1, workstation GC (concurrent), 2 cores".</summary>
    private static string Runtime() =>
        $"{RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC" +
        // Batch is what the runtime chooses when background (concurrent) collection is off.
        $"{(GCSettings.LatencyMode == GCLatencyMode.Batch ? "" : " (concurrent)")}, {Environment.ProcessorCount} cores";

    [LoggerMessage(Level = LogLevel.Information, Message = """
        Mesh {Version} is running
          mode:       {Mode}, {Durability}
          listening:  {Listen}
          data:       {DataDirectory}
          runtime:    {Runtime}
          ingress:    {Ingress}
          topology:   {Ui}
          dashboard:  {Dashboard}
        """)]
    private static partial void LogStarted(ILogger logger, string version, string mode, string durability, string listen, string dataDirectory, string runtime, string ingress, string ui, string dashboard);
}
