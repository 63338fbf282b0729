using Microsoft.Extensions.Options;

namespace Mesh.Operator.Hosting;

/// <summary>Control-plane settings, bound from <c>Mesh</c>.</summary>
public sealed class OperatorOptions
{
    public const string Section = "Mesh";

    /// <summary>
    /// The base URL written into <c>status.address.url</c>. Default: the first address the server
    /// listens on, with a wildcard host shown as <c>localhost</c>.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// How many watches (<c>?watch=true</c>) of the resource API may be open at once; one more is
    /// answered 429. Each holds a connection and a queue of up to 512 changes. Default: 1,000.
    /// </summary>
    public int MaxWatches { get; set; } = Watch.ResourceWatchHub.DefaultMaxWatchers;
}

public sealed class OperatorOptionsValidator : IValidateOptions<OperatorOptions>
{
    public ValidateOptionsResult Validate(string? name, OperatorOptions options) =>
        options.PublicBaseUrl is { } url && !Uri.TryCreate(url, UriKind.Absolute, out _)
            ? ValidateOptionsResult.Fail($"Mesh:PublicBaseUrl must be an absolute URL (was '{url}').")
            : options.MaxWatches < 1
            ? ValidateOptionsResult.Fail($"Mesh:MaxWatches must be at least 1 (was {options.MaxWatches}): with none, no client could watch.")
            : ValidateOptionsResult.Success;
}
