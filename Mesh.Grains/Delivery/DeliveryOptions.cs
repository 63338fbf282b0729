using Microsoft.Extensions.Options;

namespace Mesh.Grains.Delivery;

/// <summary>Delivery settings, bound from <c>Mesh:Delivery</c>.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Mesh:Delivery";

    /// <summary>Deliveries one trigger or subscription may have in flight at once. Default 64.</summary>
    public int MaxInFlightPerTrigger { get; set; } = 64;

    /// <summary>Bound on one outbound connection pool per subscriber host. Default 256.</summary>
    public int MaxConnectionsPerServer { get; set; } = 256;
}

public sealed class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions options)
    {
        if (options.MaxInFlightPerTrigger is < 1 or > 10_000)
            return ValidateOptionsResult.Fail($"{DeliveryOptions.Section}:MaxInFlightPerTrigger must be between 1 and 10000 (was {options.MaxInFlightPerTrigger}).");
        if (options.MaxConnectionsPerServer < 1)
            return ValidateOptionsResult.Fail($"{DeliveryOptions.Section}:MaxConnectionsPerServer must be at least 1 (was {options.MaxConnectionsPerServer}).");
        return ValidateOptionsResult.Success;
    }
}
