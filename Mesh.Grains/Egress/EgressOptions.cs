using Microsoft.Extensions.Options;

namespace Mesh.Grains.Egress;

/// <summary>
/// Where the mesh may send HTTP requests, bound from <c>Mesh:Egress</c>. Link-local and cloud
/// metadata addresses are refused by default; the mesh's own Orleans ports always are.
/// </summary>
public sealed class EgressOptions
{
    public const string Section = "Mesh:Egress";

    /// <summary>CIDR ranges (or single addresses) to open, e.g. <c>169.254.10.0/24</c>. Default none.</summary>
    public List<string> Allow { get; set; } = [];

    /// <summary>CIDR ranges (or single addresses) to refuse besides the defaults, e.g. <c>10.0.0.0/8</c>. Default none.</summary>
    public List<string> Deny { get; set; } = [];

    /// <summary>
    /// Ports never called on this host's own addresses, by the setting that names them
    /// (<c>Mesh:SiloPort</c>, <c>Mesh:GatewayPort</c>). Set by the host, not by configuration.
    /// </summary>
    public Dictionary<int, string> ReservedPorts { get; } = [];
}

public sealed class EgressOptionsValidator : IValidateOptions<EgressOptions>
{
    public ValidateOptionsResult Validate(string? name, EgressOptions options)
    {
        var failures = new List<string>();
        Check(options.Allow, "Allow");
        Check(options.Deny, "Deny");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Check(List<string> ranges, string key)
        {
            for (var i = 0; i < ranges.Count; i++)
                if (EgressRange.TryParse(ranges[i], out _) is { } error)
                    failures.Add($"{EgressOptions.Section}:{key}:{i} is not a CIDR range or an IP address ('{ranges[i]}'): {error}");
        }
    }
}
