using System.Net;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Hosting.Kubernetes;

namespace Mesh.Silo.Hosting;

/// <summary>How the process hosts the mesh, bound from <c>Mesh</c>.</summary>
public sealed class MeshOptions
{
    public const string Section = "Mesh";

    /// <summary>Where state lives in embedded mode. Default <c>.mesh-data</c> under the working directory.</summary>
    public string DataDirectory { get; set; } = ".mesh-data";

    /// <summary>Serve the Orleans Dashboard at <c>/dashboard/</c>. Default true; it costs ~20% throughput under load.</summary>
    public bool Dashboard { get; set; } = true;

    /// <summary>Orleans silo-to-silo port. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans client gateway port. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// <c>Embedded</c> (default): one silo, localhost membership, state in the SQLite file.
    /// <c>Postgres</c>: one of N silos sharing membership and grain state in PostgreSQL.
    /// </summary>
    public MeshClusterMode Cluster { get; set; } = MeshClusterMode.Embedded;

    /// <summary>Orleans cluster id: silos with the same id form one cluster. Default <c>mesh</c>.</summary>
    public string ClusterId { get; set; } = "mesh";

    /// <summary>Orleans service id: grain state is keyed by it and survives redeployments. Default <c>mesh</c>.</summary>
    public string ServiceId { get; set; } = "mesh";

    /// <summary>
    /// The IP address other silos reach this one on, in cluster mode. Default: the first
    /// non-loopback IPv4 address of the host (Orleans' own choice), or loopback if it has none.
    /// </summary>
    public string? AdvertisedIPAddress { get; set; }

    /// <summary>
    /// <c>Memory</c>: a 202 means the event is queued in memory — fastest, but a crash loses queued
    /// events and pending retries. <c>Durable</c>: a 202 means the event and the deliveries it is
    /// owed are committed to the journal (SQLite embedded, PostgreSQL in cluster mode), and a
    /// restart resumes them. Default: <c>Memory</c> in embedded mode (a laptop's mesh, where speed
    /// matters more than surviving a crash), <c>Durable</c> in cluster mode (a shared service,
    /// where Knative's contract — stored before acknowledged — should hold). See docs/durability.md.
    /// </summary>
    public MeshDurability? Durability { get; set; }

    /// <summary>The durability in effect (see <see cref="Durability"/>).</summary>
    public MeshDurability EffectiveDurability => Durability ?? (Cluster == MeshClusterMode.Embedded ? MeshDurability.Memory : MeshDurability.Durable);

    /// <summary>
    /// In cluster mode on Kubernetes, let Orleans' Kubernetes hosting take the silo's name, advertised
    /// address and cluster and service ids from the pod (<c>POD_NAME</c>, <c>POD_NAMESPACE</c>,
    /// <c>POD_IP</c>, <c>ORLEANS_CLUSTER_ID</c>, <c>ORLEANS_SERVICE_ID</c>) and declare silos whose pod
    /// is gone dead; membership stays in PostgreSQL. Default false.
    /// </summary>
    public bool KubernetesHosting { get; set; }

    /// <summary>PostgreSQL for cluster mode; <c>ConnectionStrings:Mesh</c> is used when this is unset.</summary>
    public MeshPostgresOptions Postgres { get; set; } = new();

    public string DatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, "mesh.db"));

    /// <summary>The journal's SQLite file in embedded durable mode.</summary>
    public string JournalPath => Path.GetFullPath(Path.Combine(DataDirectory, "journal.db"));

    /// <summary>Embedded memory mode: where deliveries beyond a consumer's memory wait; emptied at start.</summary>
    public string SpillPath => Path.GetFullPath(Path.Combine(DataDirectory, "spill.db"));
}

/// <param name="environment">Reads an environment variable; the process's own unless a test says otherwise.</param>
public sealed class MeshOptionsValidator(Func<string, string?> environment) : IValidateOptions<MeshOptions>
{
    /// <summary>The variables Orleans' Kubernetes hosting cannot do without (the ids fall back to Mesh:ClusterId and Mesh:ServiceId).</summary>
    public static readonly string[] PodVariables =
    [
        KubernetesHostingOptions.PodNameEnvironmentVariable,
        KubernetesHostingOptions.PodNamespaceEnvironmentVariable,
        KubernetesHostingOptions.PodIPEnvironmentVariable,
    ];

    public MeshOptionsValidator() : this(Environment.GetEnvironmentVariable)
    {
    }

    public ValidateOptionsResult Validate(string? name, MeshOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory)) failures.Add("Mesh:DataDirectory must not be empty.");
        if (options.SiloPort is < 0 or > 65535) failures.Add($"Mesh:SiloPort must be a port number (was {options.SiloPort}).");
        if (options.GatewayPort is < 0 or > 65535) failures.Add($"Mesh:GatewayPort must be a port number (was {options.GatewayPort}).");
        if (options.Durability is { } durability && !Enum.IsDefined(durability)) failures.Add($"Mesh:Durability must be Memory or Durable (was {options.Durability}).");
        if (!Enum.IsDefined(options.Cluster)) failures.Add($"Mesh:Cluster must be Embedded or Postgres (was {options.Cluster}).");
        if (string.IsNullOrWhiteSpace(options.ClusterId)) failures.Add("Mesh:ClusterId must not be empty.");
        if (string.IsNullOrWhiteSpace(options.ServiceId)) failures.Add("Mesh:ServiceId must not be empty.");
        if (options.AdvertisedIPAddress is { } ip && !IPAddress.TryParse(ip, out _))
            failures.Add($"Mesh:AdvertisedIPAddress must be an IP address (was '{ip}').");
        if (options.Cluster == MeshClusterMode.Postgres) ValidatePostgres(options.Postgres.ConnectionString, failures);
        if (options.KubernetesHosting) ValidateKubernetesHosting(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void ValidateKubernetesHosting(MeshOptions options, List<string> failures)
    {
        if (options.Cluster != MeshClusterMode.Postgres)
            failures.Add("Mesh:KubernetesHosting needs Mesh:Cluster=Postgres: the pod names the silo, membership stays in PostgreSQL.");
        if (options.AdvertisedIPAddress is not null)
            failures.Add("Mesh:AdvertisedIPAddress must be unset with Mesh:KubernetesHosting: the silo advertises the pod's IP (POD_IP).");
        foreach (var variable in PodVariables.Where(v => string.IsNullOrWhiteSpace(environment(v))))
            failures.Add($"Mesh:KubernetesHosting needs the environment variable {variable} from the downward API (see deploy/base/500-mesh.yaml).");
        if (environment(KubernetesHostingOptions.PodIPEnvironmentVariable) is { Length: > 0 } podIP && !IPAddress.TryParse(podIP, out _))
            failures.Add($"Mesh:KubernetesHosting needs POD_IP to be an IP address (was '{podIP}').");
    }

    private static void ValidatePostgres(string? connectionString, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            failures.Add("Mesh:Cluster=Postgres needs a connection string in ConnectionStrings:Mesh or Mesh:Postgres:ConnectionString.");
            return;
        }
        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(parsed.Host)) failures.Add("Mesh:Postgres:ConnectionString (or ConnectionStrings:Mesh) must name a Host.");
        }
        catch (ArgumentException e)
        {
            failures.Add($"Mesh:Postgres:ConnectionString (or ConnectionStrings:Mesh) is not a valid PostgreSQL connection string: {e.Message}");
        }
    }
}
