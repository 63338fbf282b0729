using Microsoft.Extensions.Options;

namespace Mesh.Grains.Durability;

/// <summary>Durable-mode settings, bound from <c>Mesh:Journal</c>.</summary>
public sealed class JournalOptions
{
    public const string Section = "Mesh:Journal";

    /// <summary>
    /// How often each silo asks consumers with pending deliveries to resume them. Default 5 s: the
    /// longest a delivery whose silo died waits before another silo picks it up.
    /// </summary>
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(5);
}

public sealed class JournalOptionsValidator : IValidateOptions<JournalOptions>
{
    public ValidateOptionsResult Validate(string? name, JournalOptions options) =>
        options.RecoveryInterval < TimeSpan.FromMilliseconds(100) || options.RecoveryInterval > TimeSpan.FromHours(1)
            ? ValidateOptionsResult.Fail($"{JournalOptions.Section}:RecoveryInterval must be between 00:00:00.1 and 01:00:00 (was {options.RecoveryInterval}).")
            : ValidateOptionsResult.Success;
}
