using Mesh.Grains.Identity;
using Mesh.Grains.Secrets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Tests.Grains.Identity;

public sealed class DeliveryTokensCacheTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly DeliveryTokens _tokens;

    public DeliveryTokensCacheTests()
    {
        var issuer = new MeshIssuer(new MemorySigningKeyStore(), new SecretProtector(new EphemeralDataProtectionProvider()),
            Options.Create(new IssuerOptions { Issuer = "https://mesh.example", TokenLifetime = TimeSpan.FromHours(1) }), new ServiceCollection().BuildServiceProvider());
        _tokens = new DeliveryTokens(issuer, _clock);
    }

    [Fact]
    public async Task A_token_is_reused_until_five_minutes_before_it_expires_then_renewed()
    {
        var first = await _tokens.GetAsync("sub", "aud", CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(54));
        (await _tokens.GetAsync("sub", "aud", CancellationToken.None)).ShouldBe(first);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var renewed = await _tokens.GetAsync("sub", "aud", CancellationToken.None);
        renewed.ShouldNotBe(first);
        Payload(renewed)["exp"]!.GetValue<long>().ShouldBe(_clock.GetUtcNow().AddHours(1).ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Each_sender_and_audience_has_its_own_token()
    {
        var a = await _tokens.GetAsync("sub-a", "aud", CancellationToken.None);
        var b = await _tokens.GetAsync("sub-b", "aud", CancellationToken.None);
        var c = await _tokens.GetAsync("sub-a", "other", CancellationToken.None);
        new[] { a, b, c }.Distinct().Count().ShouldBe(3);
        ((string?)Payload(b)["sub"]).ShouldBe("sub-b");
        ((string?)Payload(c)["aud"]).ShouldBe("other");
        ((string?)Payload(a)["iss"]).ShouldBe("https://mesh.example");
    }

    private static JsonNode Payload(string jwt) =>
        JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(jwt.Split('.')[1]))!;
}
