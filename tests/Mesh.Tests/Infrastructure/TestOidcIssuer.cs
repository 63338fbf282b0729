using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Mesh.Tests.Infrastructure;

/// <summary>
/// A real OIDC issuer on Kestrel at 127.0.0.1: <c>/.well-known/openid-configuration</c> and a JWKS
/// of RSA keys, issuing RS256 tokens. Keys can be rotated (the new key signs, the old one may stay
/// published), and every discovery and JWKS request is counted.
/// </summary>
public sealed class TestOidcIssuer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly object _lock = new();
    private readonly List<RsaSecurityKey> _published = [];
    private RsaSecurityKey _signing;
    private int _discoveryRequests;
    private int _jwksRequests;

    private TestOidcIssuer(WebApplication app)
    {
        _app = app;
        _signing = NewKey();
        _published.Add(_signing);
    }

    /// <summary>The issuer URL (<c>iss</c> of its tokens), without a trailing slash.</summary>
    public string Issuer { get; private set; } = "";

    public int DiscoveryRequests => _discoveryRequests;
    public int JwksRequests => _jwksRequests;

    public static async Task<TestOidcIssuer> StartAsync()
    {
        var app = LoopbackServer.CreateBuilder().Build();
        var issuer = new TestOidcIssuer(app);
        app.MapGet("/.well-known/openid-configuration", () =>
        {
            Interlocked.Increment(ref issuer._discoveryRequests);
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = issuer.Issuer,
                ["jwks_uri"] = issuer.Issuer + "/keys",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                ["response_types_supported"] = new[] { "id_token" },
                ["subject_types_supported"] = new[] { "public" },
            });
        });
        app.MapGet("/keys", () =>
        {
            Interlocked.Increment(ref issuer._jwksRequests);
            lock (issuer._lock)
                return Results.Json(new { keys = issuer._published.Select(Jwk).ToArray() });
        });
        await app.StartAsync();
        issuer.Issuer = LoopbackServer.AddressOf(app);
        return issuer;
    }

    /// <summary>An RS256 token signed by the current key.</summary>
    public string Issue(string subject, string audience, IEnumerable<string>? groups = null, TimeSpan? lifetime = null,
        IDictionary<string, object>? claims = null, string? issuer = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(10));
        var all = new Dictionary<string, object>(claims ?? new Dictionary<string, object>()) { ["sub"] = subject };
        if (groups is not null) all["groups"] = groups.ToArray();
        RsaSecurityKey key;
        lock (_lock) key = _signing;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            Claims = all,
            IssuedAt = expires < now ? expires.AddMinutes(-5) : now,
            NotBefore = expires < now ? expires.AddMinutes(-5) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>A token signed by a key this issuer never published.</summary>
    public string IssueWithUnknownKey(string subject, string audience) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Claims = new Dictionary<string, object> { ["sub"] = subject },
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(NeverPublished.Value) { KeyId = Guid.NewGuid().ToString("N") }, SecurityAlgorithms.RsaSha256),
        });

    /// <summary>Signs with a new key from now on; the old key stays in the JWKS only when <paramref name="keepOld"/>.</summary>
    public void RotateKey(bool keepOld = false)
    {
        lock (_lock)
        {
            _signing = NewKey();
            if (!keepOld) _published.Clear();
            _published.Add(_signing);
        }
    }

    // One RSA key that no issuer ever publishes, under a new key id per token: generating a 2048-bit
    // key per token cost a fifth of a second of CPU each, and the mesh tells keys apart by id.
    private static readonly Lazy<RSA> NeverPublished = new(() => RSA.Create(2048));

    private static RsaSecurityKey NewKey() => new(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N") };

    private static object Jwk(RsaSecurityKey key)
    {
        var parameters = key.Rsa.ExportParameters(false);
        return new
        {
            kty = "RSA",
            use = "sig",
            alg = "RS256",
            kid = key.KeyId,
            n = Base64UrlEncoder.Encode(parameters.Modulus),
            e = Base64UrlEncoder.Encode(parameters.Exponent),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
