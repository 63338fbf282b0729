namespace Mesh.Grains.Identity;

/// <summary>A key that lives as long as the process: for hosts without a data directory (grain tests).</summary>
public sealed class MemorySigningKeyStore : ISigningKeyStore
{
    private string? _stored;

    public Task<string> GetOrAddAsync(string candidate, CancellationToken cancellation) =>
        Task.FromResult(Interlocked.CompareExchange(ref _stored, candidate, null) ?? candidate);
}
