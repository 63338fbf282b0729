using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Mesh.Grains.Secrets;
using Microsoft.Extensions.Options;

namespace Mesh.Grains.Identity;

/// <summary>
/// The mesh's own OIDC issuer: an RSA key, shared by every silo through the <see cref="ISigningKeyStore"/>,
/// that signs the tokens sent to destinations with an <c>audience</c>; its discovery document and
/// JWKS are served at <c>/.well-known/openid-configuration</c> and <c>/openid/v1/jwks</c>, the paths
/// of a Kubernetes API server's service-account issuer.
/// </summary>
public sealed class MeshIssuer(ISigningKeyStore store, SecretProtector protector, IOptions<IssuerOptions> options, IServiceProvider services) : IDisposable
{
    public const string DiscoveryPath = "/.well-known/openid-configuration";
    public const string JwksPath = "/openid/v1/jwks";

    private readonly SemaphoreSlim _loading = new(1, 1);
    private (RSA Key, string KeyId)? _key;

    /// <summary>The <c>iss</c>: <c>Mesh:Auth:Issuer</c>, or the public base URL.</summary>
    public string Issuer => (options.Value.Issuer
        ?? (services.GetService(typeof(IMeshBaseAddress)) as IMeshBaseAddress)?.BaseUrl
        ?? "http://localhost:8080").TrimEnd('/');

    public TimeSpan TokenLifetime => options.Value.TokenLifetime;

    public async Task<string> CreateTokenAsync(string subject, string audience, DateTimeOffset now, CancellationToken cancellation)
    {
        var (key, keyId) = await KeyAsync(cancellation);
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = keyId, ["typ"] = "JWT" };
        var payload = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = subject,
            ["aud"] = audience,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + TokenLifetime).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
        };
        var signed = Encode(header) + "." + Encode(payload);
        var signature = key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signed + "." + Base64Url.EncodeToString(signature);
    }

    public async Task<JsonObject> JwksAsync(CancellationToken cancellation)
    {
        var (key, keyId) = await KeyAsync(cancellation);
        var parameters = key.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["alg"] = "RS256",
                ["kid"] = keyId,
                ["n"] = Base64Url.EncodeToString(parameters.Modulus),
                ["e"] = Base64Url.EncodeToString(parameters.Exponent),
            }),
        };
    }

    public JsonObject Discovery() => new()
    {
        ["issuer"] = Issuer,
        ["jwks_uri"] = Issuer + JwksPath,
        ["response_types_supported"] = new JsonArray("id_token"),
        ["subject_types_supported"] = new JsonArray("public"),
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
    };

    private async Task<(RSA Key, string KeyId)> KeyAsync(CancellationToken cancellation)
    {
        if (_key is { } loaded) return loaded;
        await _loading.WaitAsync(cancellation);
        try
        {
            if (_key is { } raced) return raced;
            using var fresh = RSA.Create(2048);
            var stored = await store.GetOrAddAsync(protector.Protect(fresh.ExportPkcs8PrivateKeyPem()), cancellation);
            var key = RSA.Create();
            key.ImportFromPem(protector.Unprotect(stored));
            _key = (key, Thumbprint(key));
            return _key.Value;
        }
        finally
        {
            _loading.Release();
        }
    }

    // RFC 7638: the SHA-256 of the key's required members in lexical order, without whitespace.
    private static string Thumbprint(RSA key)
    {
        var p = key.ExportParameters(includePrivateParameters: false);
        var canonical = $"{{\"e\":\"{Base64Url.EncodeToString(p.Exponent)}\",\"kty\":\"RSA\",\"n\":\"{Base64Url.EncodeToString(p.Modulus)}\"}}";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static string Encode(JsonObject part) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(part.ToJsonString()));

    public void Dispose()
    {
        _key?.Key.Dispose();
        _loading.Dispose();
    }
}
