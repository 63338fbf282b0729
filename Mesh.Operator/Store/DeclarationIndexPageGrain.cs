using Orleans.Placement;
using Orleans.Runtime;

namespace Mesh.Operator.Store;

[GenerateSerializer, Alias("mesh.declaration-index-page-state")]
public sealed class DeclarationIndexPageState
{
    [Id(0)] public HashSet<string> Names { get; set; } = new(StringComparer.Ordinal);
}

// Placed beside the index that creates it: the index reads all its pages when it activates.
[GrainType("mesh.declaration-index-page"), PreferLocalPlacement]
public sealed class DeclarationIndexPageGrain(
    [PersistentState("index-page", "mesh")] IPersistentState<DeclarationIndexPageState> state) : Grain, IDeclarationIndexPageGrain
{
    public async Task Add(string[] namespacedNames)
    {
        var added = false;
        foreach (var name in namespacedNames) added |= state.State.Names.Add(name);
        if (added) await state.WriteStateAsync();
    }

    public async Task Remove(string namespacedName)
    {
        if (!state.State.Names.Remove(namespacedName)) return;
        if (state.State.Names.Count > 0) await state.WriteStateAsync();
        else await state.ClearStateAsync();
    }

    public Task<string[]> List() => Task.FromResult(state.State.Names.ToArray());
}
