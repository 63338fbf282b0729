using Microsoft.Extensions.Options;

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
    /// How often stream pulling agents look for new events, in milliseconds. Default 2: the poll period
    /// is a floor on delivery latency, and Orleans' own default (100 ms) would be a 100 ms p99.
    /// </summary>
    public int StreamPollMilliseconds { get; set; } = 2;

    /// <summary>Stream queues per silo. Default 4.</summary>
    public int StreamQueues { get; set; } = 4;

    public string DatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, "mesh.db"));
}

public sealed class MeshOptionsValidator : IValidateOptions<MeshOptions>
{
    public ValidateOptionsResult Validate(string? name, MeshOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory)) failures.Add("Mesh:DataDirectory must not be empty.");
        if (options.SiloPort is < 0 or > 65535) failures.Add($"Mesh:SiloPort must be a port number (was {options.SiloPort}).");
        if (options.GatewayPort is < 0 or > 65535) failures.Add($"Mesh:GatewayPort must be a port number (was {options.GatewayPort}).");
        if (options.StreamPollMilliseconds is < 1 or > 10_000) failures.Add($"Mesh:StreamPollMilliseconds must be 1..10000 (was {options.StreamPollMilliseconds}).");
        if (options.StreamQueues is < 1 or > 64) failures.Add($"Mesh:StreamQueues must be 1..64 (was {options.StreamQueues}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
