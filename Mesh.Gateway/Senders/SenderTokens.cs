using System.Collections.Concurrent;
using Mesh.Grains.Identity;
using Mesh.Grains.Senders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Mesh.Gateway.Senders;

/// <summary>
/// Validates senders' bearer tokens against the trusted issuers (<c>Mesh:Auth:Senders:Issuers</c>,
/// discovery and JWKS through <see cref="IssuerKeys"/>, and the mesh's own
/// issuer), and remembers each valid token by its text until it expires so an event costs a lookup.
/// </summary>
public sealed class SenderTokens
{
    // Tokens come from senders; past this many, expired ones go, and if that is not enough, all.
    private const int Remembered = 10_000;

    private readonly MeshIssuer _mesh;
    private readonly TimeProvider _time;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly Dictionary<string, IssuerKeys> _issuers;
    private readonly ConcurrentDictionary<string, SenderToken> _valid = new(StringComparer.Ordinal);

    public SenderTokens(IOptions<SenderAuthOptions> options, MeshIssuer mesh, TimeProvider time, ILogger<IssuerKeys> logger)
    {
        _mesh = mesh;
        _time = time;
        _issuers = options.Value.Senders.Issuers.Select(i => i.TrimEnd('/')).Distinct().ToDictionary(i => i, i => new IssuerKeys(i, time, logger));
    }

    /// <summary>The token's sender, or the reason it is not accepted.</summary>
    public async Task<(SenderToken? Token, string? Refusal)> ValidateAsync(string token, CancellationToken cancellation)
    {
        var now = _time.GetUtcNow();
        if (_valid.TryGetValue(token, out var known))
        {
            if (known.Expires > now) return (known, null);
            _valid.TryRemove(token, out _);
            return (null, "the token has expired");
        }
        string issuer;
        try
        {
            issuer = new JsonWebToken(token).Issuer;
        }
        catch (ArgumentException)
        {
            return (null, "the bearer token is not a JWT");
        }
        var keys = await KeysAsync(issuer, token, cancellation);
        if (keys is null) return (null, $"the issuer '{issuer}' is not trusted (Mesh:Auth:Senders:Issuers)");
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidateAudience = false, // checked per target: one token may name several audiences
            IssuerSigningKeys = keys,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            LifetimeValidator = (notBefore, expires, _, parameters) =>
                expires is { } e && e > now.UtcDateTime - parameters.ClockSkew && (notBefore is not { } nb || nb < now.UtcDateTime + parameters.ClockSkew),
        });
        if (!result.IsValid) return (null, result.Exception?.Message ?? "the token is not valid");
        var jwt = (JsonWebToken)result.SecurityToken;
        if (string.IsNullOrEmpty(jwt.Subject)) return (null, "the token has no subject (sub)");
        var valid = new SenderToken(issuer, jwt.Subject, [.. jwt.Audiences], new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero));
        Remember(token, valid, now);
        return (valid, null);
    }

    /// <summary>The issuer's keys; fetched again first when the token names a key not among them (see <see cref="IssuerKeys"/>).</summary>
    private async Task<ICollection<SecurityKey>?> KeysAsync(string issuer, string token, CancellationToken cancellation)
    {
        if (issuer == _mesh.Issuer)
            return new JsonWebKeySet((await _mesh.JwksAsync(cancellation)).ToJsonString()).GetSigningKeys();
        if (!_issuers.TryGetValue(issuer.TrimEnd('/'), out var manager)) return null;
        try
        {
            return (await manager.ForTokenAsync(token, cancellation)).SigningKeys;
        }
        catch (InvalidOperationException)
        {
            // Discovery or JWKS could not be fetched: the token cannot be checked, so it is not accepted.
            return null;
        }
    }

    private void Remember(string token, SenderToken valid, DateTimeOffset now)
    {
        if (_valid.Count >= Remembered)
        {
            foreach (var (text, entry) in _valid)
                if (entry.Expires <= now) _valid.TryRemove(text, out _);
            if (_valid.Count >= Remembered) _valid.Clear();
        }
        _valid[token] = valid;
    }
}
