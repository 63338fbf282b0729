using Microsoft.Extensions.Options;

namespace Mesh.Grains.Identity;

/// <summary>The mesh's own token issuer, bound from <c>Mesh:Auth</c>.</summary>
public sealed class IssuerOptions
{
    public const string Section = "Mesh:Auth";

    /// <summary>The <c>iss</c> of the tokens the mesh sends and the base of its discovery document. Default: the public base URL.</summary>
    public string? Issuer { get; set; }

    /// <summary>How long a token the mesh sends is valid; it is reused until shortly before that. Default one hour.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);
}

public sealed class IssuerOptionsValidator : IValidateOptions<IssuerOptions>
{
    public ValidateOptionsResult Validate(string? name, IssuerOptions options)
    {
        if (options.Issuer is { } issuer && !(Uri.TryCreate(issuer, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            return ValidateOptionsResult.Fail($"{IssuerOptions.Section}:Issuer must be an absolute http(s) URL (was '{issuer}').");
        if (options.TokenLifetime < TimeSpan.FromMinutes(2) || options.TokenLifetime > TimeSpan.FromDays(1))
            return ValidateOptionsResult.Fail($"{IssuerOptions.Section}:TokenLifetime must be between 00:02:00 and 1.00:00:00 (was {options.TokenLifetime}).");
        return ValidateOptionsResult.Success;
    }
}
