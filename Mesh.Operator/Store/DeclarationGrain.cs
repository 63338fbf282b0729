using Mesh.Grains.Secrets;
using Orleans.Runtime;

namespace Mesh.Operator.Store;

[GenerateSerializer, Alias("mesh.declaration-state")]
public sealed class DeclarationState
{
    /// <summary>The record; a Secret's object text is kept protected (see <see cref="SecretProtector"/>).</summary>
    [Id(0)] public DeclarationRecord? Record { get; set; }
}

[GrainType("mesh.declaration")]
public sealed class DeclarationGrain(
    [PersistentState("declaration", "mesh")] IPersistentState<DeclarationState> state,
    SecretProtector protector) : Grain, IDeclarationGrain
{
    // Grain keys are "{group}/{plural}/{ns}/{name}"; core Secrets have the empty group.
    private const string SecretsPrefix = "/secrets/";

    private bool HoldsSecret => this.GetPrimaryKeyString().StartsWith(SecretsPrefix, StringComparison.Ordinal);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (HoldsSecret && state.State.Record is { } record && !SecretProtector.IsProtected(record.ObjectJson))
        {
            // Stored in the clear by an earlier version: rewritten protected on first read.
            state.State.Record = record with { ObjectJson = protector.Protect(record.ObjectJson) };
            await state.WriteStateAsync();
        }
    }

    public Task<DeclarationRecord?> Get()
    {
        // Reads of names nobody declared must leave nothing behind.
        if (state.State.Record is not { } record)
        {
            DeactivateOnIdle();
            return Task.FromResult<DeclarationRecord?>(null);
        }
        return Task.FromResult<DeclarationRecord?>(Plain(record));
    }

    public async Task<PutOutcome> Put(DeclarationRecord record)
    {
        var current = state.State.Record;
        if (current is not null && Plain(current).SameContent(record)) return PutOutcome.Unchanged;
        state.State.Record = HoldsSecret ? record with { ObjectJson = protector.Protect(record.ObjectJson) } : record;
        await state.WriteStateAsync();
        return current is null ? PutOutcome.Created : PutOutcome.Replaced;
    }

    private DeclarationRecord Plain(DeclarationRecord stored) =>
        HoldsSecret ? stored with { ObjectJson = protector.Unprotect(stored.ObjectJson) } : stored;

    public async Task<DeclarationRecord?> SetStatus(string statusJson, long resourceVersion)
    {
        if (state.State.Record is not { } record || record.StatusJson == statusJson) return null;
        state.State.Record = record with { StatusJson = statusJson, ResourceVersion = resourceVersion };
        await state.WriteStateAsync();
        return Plain(state.State.Record);
    }

    public Task Release()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public async Task<DeclarationRecord?> Delete()
    {
        if (!state.RecordExists)
        {
            DeactivateOnIdle();
            return null;
        }
        var removed = state.State.Record is { } record ? Plain(record) : null;
        await state.ClearStateAsync();
        state.State = new DeclarationState();
        DeactivateOnIdle();
        return removed;
    }
}
