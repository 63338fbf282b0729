using Mesh.Grains.Identity;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Tests.Grains.Identity;

/// <summary>An issuer's keys, against a real issuer on Kestrel, on a fake clock: cached, refreshed for an unknown key at most once per interval.</summary>
public sealed class IssuerKeysTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private TestOidcIssuer _issuer = null!;
    private IssuerKeys _keys = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestOidcIssuer.StartAsync();
        _keys = new IssuerKeys(_issuer.Issuer, _time);
    }

    public async Task DisposeAsync()
    {
        _keys.Dispose();
        await _issuer.DisposeAsync();
    }

    private static string KidOf(string token) => IssuerKeys.KeyIdOf(token)!;

    [Fact]
    public async Task Keys_are_fetched_once_and_a_token_of_a_known_key_fetches_nothing()
    {
        var token = _issuer.Issue("s", "a");
        var configuration = await _keys.ForTokenAsync(token, CancellationToken.None);
        await _keys.ForTokenAsync(_issuer.Issue("t", "a"), CancellationToken.None);
        await _keys.GetConfigurationAsync(CancellationToken.None);

        configuration.SigningKeys.ShouldContain(k => k.KeyId == KidOf(token));
        _issuer.JwksRequests.ShouldBe(1);
        _issuer.DiscoveryRequests.ShouldBe(1);
    }

    [Fact]
    public async Task An_unknown_key_fetches_at_once_then_not_again_until_the_interval_has_passed()
    {
        await _keys.GetConfigurationAsync(CancellationToken.None);
        _issuer.RotateKey();
        var rotated = _issuer.Issue("s", "a");

        (await _keys.ForTokenAsync(rotated, CancellationToken.None)).SigningKeys.ShouldContain(k => k.KeyId == KidOf(rotated));
        _issuer.JwksRequests.ShouldBe(2);

        for (var i = 0; i < 10; i++) await _keys.ForTokenAsync(_issuer.IssueWithUnknownKey("s", "a"), CancellationToken.None);
        _issuer.JwksRequests.ShouldBe(2, "within the interval, unknown keys fetch nothing");

        _time.Advance(IssuerKeys.MinimumRefreshInterval);
        await _keys.ForTokenAsync(_issuer.IssueWithUnknownKey("s", "a"), CancellationToken.None);
        _issuer.JwksRequests.ShouldBe(3, "once the interval has passed, one more fetch");
    }

    [Fact]
    public async Task A_refetch_forgets_keys_the_issuer_no_longer_publishes_and_the_cache_expires_on_its_own()
    {
        var old = _issuer.Issue("s", "a");
        await _keys.ForTokenAsync(old, CancellationToken.None);
        _issuer.RotateKey();
        await _keys.ForTokenAsync(_issuer.Issue("s", "a"), CancellationToken.None);

        (await _keys.GetConfigurationAsync(CancellationToken.None)).SigningKeys.ShouldNotContain(k => k.KeyId == KidOf(old));

        _time.Advance(IssuerKeys.MaximumAge);
        await _keys.GetConfigurationAsync(CancellationToken.None);
        _issuer.JwksRequests.ShouldBe(3);
    }
}
