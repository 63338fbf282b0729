using Mesh.Grains.Storage;
using Orleans.Runtime;

namespace Mesh.Operator.Store;

[GenerateSerializer, Alias("mesh.declaration-index-state")]
public sealed class DeclarationIndexState
{
    /// <summary>Every name, as versions before the paged index kept them; moved into the pages on activation, empty from then on.</summary>
    [Id(0)] public HashSet<string> Names { get; set; } = [];

    /// <summary>Which pages (<see cref="DeclarationIndexPageGrain"/>) hold names, one bit each.</summary>
    [Id(1)] public ulong Pages { get; set; }
}

// Every name in memory for lists; stored in pages (TablePages) so that adding one writes one page.
[GrainType("mesh.declaration-index")]
public sealed class DeclarationIndexGrain(
    [PersistentState("index", "mesh")] IPersistentState<DeclarationIndexState> state) : Grain, IDeclarationIndexGrain
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly int[] _perPage = new int[TablePages.Count];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Names.Count > 0) await MoveIntoPagesAsync();
        var pages = await Task.WhenAll(TablePages.In(state.State.Pages).Select(page => Page(page).List()));
        foreach (var name in pages.SelectMany(names => names))
            if (_names.Add(name)) _perPage[TablePages.Of(name)]++;
    }

    public async Task Add(string namespacedName)
    {
        if (_names.Contains(namespacedName)) return;
        var page = TablePages.Of(namespacedName);
        // The bit before the page: a bit over an empty page costs a read, a page without its bit is lost.
        if ((state.State.Pages & TablePages.Bit(page)) == 0)
        {
            state.State.Pages |= TablePages.Bit(page);
            await state.WriteStateAsync();
        }
        await Page(page).Add([namespacedName]);
        _names.Add(namespacedName);
        _perPage[page]++;
    }

    public async Task Remove(string namespacedName)
    {
        if (!_names.Remove(namespacedName)) return;
        var page = TablePages.Of(namespacedName);
        await Page(page).Remove(namespacedName);
        if (--_perPage[page] > 0) return;
        state.State.Pages &= ~TablePages.Bit(page);
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>([.. _names.Order(StringComparer.Ordinal)]);

    // Idempotent: a crash half-way leaves the old set in place, and the next activation moves it again.
    private async Task MoveIntoPagesAsync()
    {
        var byPage = state.State.Names.GroupBy(TablePages.Of).ToList();
        foreach (var page in byPage) state.State.Pages |= TablePages.Bit(page.Key);
        await state.WriteStateAsync();
        await Task.WhenAll(byPage.Select(page => Page(page.Key).Add([.. page])));
        state.State.Names = [];
        await state.WriteStateAsync();
    }

    private IDeclarationIndexPageGrain Page(int page) => GrainFactory.GetGrain<IDeclarationIndexPageGrain>($"{this.GetPrimaryKeyString()}/{page}");
}
