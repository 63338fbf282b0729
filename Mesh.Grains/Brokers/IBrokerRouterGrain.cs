using Mesh.Grains.Filtering;

namespace Mesh.Grains.Brokers;

/// <summary>
/// Routes a broker's events (keyed like the broker, <c>"{namespace}/{name}"</c>): takes the broker's
/// broadcast channel and hands each event to the triggers whose filters pass it, found through a filter index.
/// </summary>
[Alias("mesh.IBrokerRouterGrain")]
public interface IBrokerRouterGrain : IGrainWithStringKey
{
    /// <summary>Adds a trigger, or replaces its filter.</summary>
    [Alias("SetTrigger")]
    Task SetTrigger(string trigger, FilterSpec filter);

    [Alias("RemoveTrigger")]
    Task RemoveTrigger(string trigger);

    [Alias("HasTrigger")]
    Task<bool> HasTrigger(string trigger);

    /// <summary>
    /// Adds a trigger, or replaces its filter, recording the fingerprint of the spec its grain stored
    /// (<see cref="Storage.StoredValues.Fingerprint"/>): the router then vouches for that spec, so
    /// that a restart need not activate an idle trigger to learn it is unchanged.
    /// </summary>
    [Alias("SetConfiguredTrigger")]
    Task SetTrigger(string trigger, FilterSpec filter, long spec);

    /// <summary>Whether the trigger is routed, configured last with the spec of fingerprint <paramref name="spec"/>.</summary>
    [Alias("IsConfigured")]
    Task<bool> HasTrigger(string trigger, long spec);

    /// <summary>
    /// Memory mode: while a trigger's memory is full, the router journals the trigger's events (in
    /// the spill file) before handing them over, so that a disk that refuses is a 503 for the producer.
    /// </summary>
    [Alias("SetOverflowing")]
    Task SetOverflowing(string trigger, bool overflowing);

    /// <summary>
    /// Durable mode: journals the events with the triggers they match and hands them to those
    /// triggers; completes once the journal has committed them.
    /// </summary>
    [Alias("Route")]
    Task Route(Mesh.Grains.Events.EventEnvelope[] events);
}
