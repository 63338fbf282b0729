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
}

public sealed class OperatorOptionsValidator : IValidateOptions<OperatorOptions>
{
    public ValidateOptionsResult Validate(string? name, OperatorOptions options) =>
        options.PublicBaseUrl is { } url && !Uri.TryCreate(url, UriKind.Absolute, out _)
            ? ValidateOptionsResult.Fail($"Mesh:PublicBaseUrl must be an absolute URL (was '{url}').")
            : ValidateOptionsResult.Success;
}
