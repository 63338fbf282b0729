using System.Collections.Concurrent;

namespace Mesh.Grains.Identity;

/// <summary>
/// Bearer tokens for deliveries to destinations with an <c>audience</c>, one per sender and audience,
/// reused until a tenth of their lifetime (at most five minutes) is left.
/// </summary>
public sealed class DeliveryTokens(MeshIssuer issuer, TimeProvider time)
{
    // Pairs come from declarations; past this many, expired ones are dropped before adding.
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<(string Subject, string Audience), (string Token, DateTimeOffset RenewAt)> _tokens = new();
    // Deliveries that miss together sign once.
    private readonly SemaphoreSlim _signing = new(1, 1);

    public async Task<string> GetAsync(string subject, string audience, CancellationToken cancellation)
    {
        if (Cached(subject, audience) is { } hit) return hit;
        await _signing.WaitAsync(cancellation);
        try
        {
            if (Cached(subject, audience) is { } raced) return raced;
            var now = time.GetUtcNow();
            var token = await issuer.CreateTokenAsync(subject, audience, now, cancellation);
            var margin = TimeSpan.FromTicks(Math.Min(issuer.TokenLifetime.Ticks / 10, TimeSpan.FromMinutes(5).Ticks));
            if (_tokens.Count > PruneAbove)
                foreach (var (key, entry) in _tokens)
                    if (entry.RenewAt <= now) _tokens.TryRemove(key, out _);
            _tokens[(subject, audience)] = (token, now + issuer.TokenLifetime - margin);
            return token;
        }
        finally
        {
            _signing.Release();
        }
    }

    private string? Cached(string subject, string audience) =>
        _tokens.TryGetValue((subject, audience), out var cached) && time.GetUtcNow() < cached.RenewAt ? cached.Token : null;
}
