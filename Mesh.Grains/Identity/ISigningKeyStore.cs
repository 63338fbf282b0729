namespace Mesh.Grains.Identity;

/// <summary>
/// Where the issuer's private key is kept (protected): a file in the data directory, or a row of
/// the cluster database, so that every silo of a cluster signs with the same key.
/// </summary>
public interface ISigningKeyStore
{
    /// <summary>Stores <paramref name="candidate"/> unless a key is stored already; returns the stored one (first writer wins).</summary>
    Task<string> GetOrAddAsync(string candidate, CancellationToken cancellation);
}
