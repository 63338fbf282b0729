using Microsoft.Extensions.Options;

namespace Mesh.Grains.Delivery;

/// <summary>Delivery settings, bound from <c>Mesh:Delivery</c>.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Mesh:Delivery";

    /// <summary>Deliveries one trigger or subscription may have in flight at once. Default 64.</summary>
    public int MaxInFlightPerTrigger { get; set; } = 64;

    /// <summary>
    /// Deliveries one trigger, subscription or source holds in memory at most: queued, in flight or
    /// waiting for a retry. The rest wait on disk — in the journal (durable mode) or a spill file in
    /// the data directory (memory mode) — and are read back in acceptance order as the subscriber
    /// catches up. Default 10,000: about 10 MiB of 1 KiB events per consumer, and above the ~200 ms of
    /// backlog a subscriber at full speed builds up, so that only a subscriber that really falls
    /// behind costs disk reads.
    /// </summary>
    public int MaxQueuedPerTrigger { get; set; } = 10_000;

    /// <summary>Bound on one outbound connection pool per subscriber host. Default 256.</summary>
    public int MaxConnectionsPerServer { get; set; } = 256;

    /// <summary>
    /// How long a trigger stays in memory with nothing to do: no event routed to it, nothing queued,
    /// in flight, waiting for a retry or owed by the journal. Then it is let go, and its next matching
    /// event (or the journal's recovery pass) activates it again from its stored spec. A trigger
    /// applied and never sent an event is let go at once. Default 30 s: with thousands of idle
    /// triggers this is what keeps memory per trigger at a few KiB, and a trigger that takes events
    /// more often than this never pays for an activation.
    /// </summary>
    public TimeSpan IdleTriggerLifetime { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions options)
    {
        if (options.MaxInFlightPerTrigger is < 1 or > 10_000)
            return ValidateOptionsResult.Fail($"{DeliveryOptions.Section}:MaxInFlightPerTrigger must be between 1 and 10000 (was {options.MaxInFlightPerTrigger}).");
        if (options.MaxQueuedPerTrigger is < 1 or > 1_000_000)
            return ValidateOptionsResult.Fail($"{DeliveryOptions.Section}:MaxQueuedPerTrigger must be between 1 and 1000000 (was {options.MaxQueuedPerTrigger}): it bounds the memory each trigger or subscription may use for its backlog.");
        if (options.MaxConnectionsPerServer < 1)
            return ValidateOptionsResult.Fail($"{DeliveryOptions.Section}:MaxConnectionsPerServer must be at least 1 (was {options.MaxConnectionsPerServer}).");
        // Orleans collects an activation left without calls for its collection age (15 min): the
        // idle check must tick well inside that, or a busy trigger could be collected mid-retry.
        if (options.IdleTriggerLifetime < TimeSpan.FromSeconds(1) || options.IdleTriggerLifetime > TimeSpan.FromMinutes(10))
            return ValidateOptionsResult.Fail($"{DeliveryOptions.Section}:IdleTriggerLifetime must be between 00:00:01 and 00:10:00 (was {options.IdleTriggerLifetime}): an idle trigger is let go after it, and it must stay under Orleans' collection age.");
        return ValidateOptionsResult.Success;
    }
}
