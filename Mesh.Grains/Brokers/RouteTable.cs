using Mesh.Grains.Filtering;
using Mesh.Grains.Storage;
using Mesh.Grains.Hosting;

namespace Mesh.Grains.Brokers;

/// <summary>
/// A broker router's triggers and their filters: all of them in memory, stored in pages
/// (<see cref="TablePages"/>, <see cref="BrokerRoutesGrain"/>) so that adding or removing one
/// trigger writes one page, and which pages are in use in the router's own state.
/// </summary>
internal sealed class RouteTable(IGrainFactory grains, string broker, IPersistentState<BrokerRouterState> state)
{
    private readonly Dictionary<string, FilterSpec> _filters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _specs = new(StringComparer.Ordinal);
    private readonly int[] _perPage = new int[TablePages.Count];

    public IReadOnlyDictionary<string, FilterSpec> Filters => _filters;

    /// <summary>Reads the pages in use; first moves a table stored whole by an earlier version into pages.</summary>
    public async Task LoadAsync()
    {
        if (state.State.Triggers.Count > 0) await MoveIntoPagesAsync();
        var inUse = TablePages.In(state.State.Pages).ToList();
        var pages = await Task.WhenAll(inUse.Select(page => Page(page).List()));
        var specs = await Task.WhenAll(inUse.Select(page => Page(page).ListSpecs()));
        foreach (var page in pages)
            foreach (var (trigger, filter) in page) Remember(trigger, filter);
        foreach (var page in specs)
            foreach (var (trigger, spec) in page)
                if (_filters.ContainsKey(trigger)) _specs[trigger] = spec;
    }

    /// <summary>Whether the trigger is routed and was last configured with the spec of fingerprint <paramref name="spec"/>.</summary>
    public bool IsConfigured(string trigger, long spec) => _specs.TryGetValue(trigger, out var known) && known == spec;

    /// <param name="spec">The fingerprint of the trigger's spec (<see cref="StoredValues.Fingerprint"/>), or null when not known.</param>
    /// <returns>False when the trigger was there already with the same filter and spec, and nothing was written.</returns>
    public async Task<bool> SetAsync(string trigger, FilterSpec filter, long? spec = null)
    {
        if (_filters.TryGetValue(trigger, out var existing) && StoredValues.Same(existing, filter)
            && (_specs.TryGetValue(trigger, out var known) ? known == spec : spec is null)) return false;
        var page = TablePages.Of(trigger);
        // The page's bit is stored before the page: a bit over an empty page costs a read, a page
        // without its bit would be lost.
        if ((state.State.Pages & TablePages.Bit(page)) == 0)
        {
            state.State.Pages |= TablePages.Bit(page);
            await state.WriteStateAsync();
        }
        var filters = new Dictionary<string, FilterSpec>(StringComparer.Ordinal) { [trigger] = filter };
        if (spec is { } fingerprint)
        {
            await Page(page).Set(filters, new Dictionary<string, long>(StringComparer.Ordinal) { [trigger] = fingerprint });
            _specs[trigger] = fingerprint;
        }
        else
        {
            await Page(page).Set(filters);
            _specs.Remove(trigger);
        }
        Remember(trigger, filter);
        return true;
    }

    public async Task RemoveAsync(string trigger)
    {
        _specs.Remove(trigger);
        if (!_filters.Remove(trigger)) return;
        var page = TablePages.Of(trigger);
        await Page(page).Remove(trigger);
        if (--_perPage[page] > 0) return;
        state.State.Pages &= ~TablePages.Bit(page);
        await state.WriteStateAsync();
    }

    private void Remember(string trigger, FilterSpec filter)
    {
        if (_filters.TryAdd(trigger, filter)) _perPage[TablePages.Of(trigger)]++;
        else _filters[trigger] = filter;
    }

    // Idempotent: a crash half-way leaves the old table in place, and the next activation moves it again.
    private async Task MoveIntoPagesAsync()
    {
        var byPage = state.State.Triggers.GroupBy(t => TablePages.Of(t.Key));
        foreach (var page in byPage) state.State.Pages |= TablePages.Bit(page.Key);
        await state.WriteStateAsync();
        await Task.WhenAll(byPage.Select(page => Page(page.Key).Set(page.ToDictionary(StringComparer.Ordinal))));
        state.State.Triggers = [];
        await state.WriteStateAsync();
    }

    private IBrokerRoutesGrain Page(int page) => grains.Get<IBrokerRoutesGrain>($"{broker}/{page}");
}
