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
}
