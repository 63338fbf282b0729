using System.Security.Cryptography;
using System.Text;

namespace Mesh.Grains.Sources.GitHub;

/// <summary>GitHub's webhook signatures: HMAC of the raw body with the hook's secret, compared in constant time.</summary>
public static class WebhookSignature
{
    /// <summary>
    /// Checks <c>X-Hub-Signature-256</c> (<c>sha256=hex</c>); the SHA-1 <c>X-Hub-Signature</c> only
    /// when the SHA-256 header is absent, as older GitHub Enterprise servers send only that.
    /// </summary>
    public static bool Verify(byte[] body, string secret, string? signature256, string? signature1)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        if (signature256 is not null) return Matches(signature256, "sha256=", HMACSHA256.HashData(key, body));
        if (signature1 is not null) return Matches(signature1, "sha1=", HMACSHA1.HashData(key, body));
        return false;
    }

    /// <summary>The <c>X-Hub-Signature-256</c> value GitHub would send for a body.</summary>
    public static string Sign256(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static bool Matches(string header, string prefix, byte[] expected)
    {
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return false;
        byte[] given;
        try
        {
            given = Convert.FromHexString(header.AsSpan(prefix.Length).Trim());
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
