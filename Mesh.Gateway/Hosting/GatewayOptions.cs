using Microsoft.Extensions.Options;

namespace Mesh.Gateway.Hosting;

/// <summary>Ingress settings, bound from <c>Mesh</c>.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Mesh";

    /// <summary>Largest request body an ingress accepts, in bytes. Default 4 MiB.</summary>
    public long MaxEventBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The <c>WebHook-Allowed-Rate</c> answered to the CloudEvents webhook handshake. Default <c>*</c> (no limit).</summary>
    public string WebhookAllowedRate { get; set; } = "*";
}

public sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options) =>
        options.MaxEventBytes is < 1 or > int.MaxValue
            ? ValidateOptionsResult.Fail($"Mesh:MaxEventBytes must be between 1 and {int.MaxValue} (was {options.MaxEventBytes}).")
            : ValidateOptionsResult.Success;
}
