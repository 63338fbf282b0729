using Orleans.Runtime;

namespace Mesh.Operator.Store;

[GenerateSerializer, Alias("mesh.declaration-state")]
public sealed class DeclarationState
{
    [Id(0)] public DeclarationRecord? Record { get; set; }
}

[GrainType("mesh.declaration")]
public sealed class DeclarationGrain(
    [PersistentState("declaration", "mesh")] IPersistentState<DeclarationState> state) : Grain, IDeclarationGrain
{
    public Task<DeclarationRecord?> Get() => Task.FromResult(state.State.Record);

    public async Task Put(DeclarationRecord record)
    {
        if (state.State.Record == record) return;
        state.State.Record = record;
        await state.WriteStateAsync();
    }

    public async Task SetStatus(string statusJson)
    {
        if (state.State.Record is not { } record || record.StatusJson == statusJson) return;
        state.State.Record = record with { StatusJson = statusJson };
        await state.WriteStateAsync();
    }

    public async Task Delete()
    {
        if (!state.RecordExists) return;
        await state.ClearStateAsync();
        state.State = new DeclarationState();
        DeactivateOnIdle();
    }
}
