using Orleans.Runtime;

namespace Mesh.Operator.Store;

[GenerateSerializer, Alias("mesh.declaration-index-state")]
public sealed class DeclarationIndexState
{
    [Id(0)] public HashSet<string> Names { get; set; } = [];
}

[GrainType("mesh.declaration-index")]
public sealed class DeclarationIndexGrain(
    [PersistentState("index", "mesh")] IPersistentState<DeclarationIndexState> state) : Grain, IDeclarationIndexGrain
{
    public async Task Add(string namespacedName)
    {
        if (state.State.Names.Add(namespacedName)) await state.WriteStateAsync();
    }

    public async Task Remove(string namespacedName)
    {
        if (state.State.Names.Remove(namespacedName)) await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Names.Order(StringComparer.Ordinal)]);
}
