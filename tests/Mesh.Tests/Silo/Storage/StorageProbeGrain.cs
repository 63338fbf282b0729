namespace Mesh.Tests.Silo.Storage;

public sealed class StorageProbeGrain(
    [PersistentState("probe", "mesh")] IPersistentState<StorageProbeState> state,
    [PersistentState("other", "PubSubStore")] IPersistentState<StorageProbeState> other) : Grain, IStorageProbeGrain
{
    public Task Write(string value)
    {
        state.State.Value = value;
        return state.WriteStateAsync();
    }

    public Task<string?> Read() => Task.FromResult(state.State.Value);

    public Task Clear() => state.ClearStateAsync();

    public Task<string?> ETag() => Task.FromResult<string?>(state.Etag);

    public Task WriteOther(string value)
    {
        other.State.Value = value;
        return other.WriteStateAsync();
    }

    public Task<string?> ReadOther() => Task.FromResult(other.State.Value);
}
