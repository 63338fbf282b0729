using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Mesh.Grains.Secrets;

/// <summary>
/// Encrypts secret values before they are stored (ASP.NET Core Data Protection; the key ring lives in
/// the data directory or the cluster database). Protected text carries a prefix, so that a value
/// stored in the clear by an earlier version is recognised and can be rewritten protected.
/// </summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    private const string Prefix = "mesh-dp1:";
    private readonly IDataProtector _protector = provider.CreateProtector("Mesh.Secrets.v1");

    public static bool IsProtected(string? text) => text is not null && text.StartsWith(Prefix, StringComparison.Ordinal);

    public string Protect(string plaintext) => Prefix + _protector.Protect(plaintext);

    /// <summary>The plaintext of protected text; text without the prefix is returned as it is (stored by an earlier version).</summary>
    /// <exception cref="CryptographicException">The key that protected it is not in the key ring.</exception>
    public string Unprotect(string stored) => IsProtected(stored) ? _protector.Unprotect(stored[Prefix.Length..]) : stored;
}
