using Mesh.Grains.Filtering;
using Orleans.Placement;

namespace Mesh.Grains.Brokers;

[GenerateSerializer, Alias("mesh.broker-routes-state")]
public sealed class BrokerRoutesState
{
    [Id(0)] public Dictionary<string, FilterSpec> Filters { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Fingerprints of the specs the triggers were configured with (<see cref="Storage.StoredValues.Fingerprint"/>); absent for those set by an earlier version.</summary>
    [Id(1)] public Dictionary<string, long> Specs { get; set; } = new(StringComparer.Ordinal);
}

// Placed beside the router that creates it: the router reads all its pages when it activates.
[GrainType("mesh.broker-routes"), PreferLocalPlacement]
public sealed class BrokerRoutesGrain(
    [PersistentState("routes", "mesh")] IPersistentState<BrokerRoutesState> state) : Grain, IBrokerRoutesGrain
{
    public async Task Set(Dictionary<string, FilterSpec> filters)
    {
        foreach (var (trigger, filter) in filters)
        {
            state.State.Filters[trigger] = filter;
            state.State.Specs.Remove(trigger);
        }
        await state.WriteStateAsync();
    }

    public async Task Set(Dictionary<string, FilterSpec> filters, Dictionary<string, long> specs)
    {
        foreach (var (trigger, filter) in filters)
        {
            state.State.Filters[trigger] = filter;
            if (specs.TryGetValue(trigger, out var spec)) state.State.Specs[trigger] = spec;
            else state.State.Specs.Remove(trigger);
        }
        await state.WriteStateAsync();
    }

    public Task<Dictionary<string, long>> ListSpecs() => Task.FromResult(new Dictionary<string, long>(state.State.Specs, StringComparer.Ordinal));

    public async Task Remove(string trigger)
    {
        state.State.Specs.Remove(trigger);
        if (!state.State.Filters.Remove(trigger)) return;
        if (state.State.Filters.Count > 0) await state.WriteStateAsync();
        else await state.ClearStateAsync();
    }

    public Task<Dictionary<string, FilterSpec>> List() => Task.FromResult(new Dictionary<string, FilterSpec>(state.State.Filters, StringComparer.Ordinal));
}
