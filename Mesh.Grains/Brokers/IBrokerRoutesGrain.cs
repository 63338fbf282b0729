using Mesh.Grains.Filtering;

namespace Mesh.Grains.Brokers;

/// <summary>
/// One page of a broker router's stored trigger table, keyed <c>"{namespace}/{broker}/{page}"</c>
/// (see <see cref="Storage.TablePages"/>): the filters of the triggers whose keys hash to it.
/// </summary>
[Alias("mesh.IBrokerRoutesGrain")]
public interface IBrokerRoutesGrain : IGrainWithStringKey
{
    [Alias("Set")]
    Task Set(Dictionary<string, FilterSpec> filters);

    [Alias("Remove")]
    Task Remove(string trigger);

    [Alias("List")]
    Task<Dictionary<string, FilterSpec>> List();

    /// <summary>Sets filters and the fingerprints of the specs their triggers were configured with (<see cref="IBrokerRouterGrain.HasTrigger(string, long)"/>).</summary>
    [Alias("SetWithSpecs")]
    Task Set(Dictionary<string, FilterSpec> filters, Dictionary<string, long> specs);

    /// <summary>The fingerprints of the triggers' specs, for the triggers that have one.</summary>
    [Alias("ListSpecs")]
    Task<Dictionary<string, long>> ListSpecs();
}
