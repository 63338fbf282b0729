using Mesh.Grains.Identity;
using Mesh.Tests.Operator;
using static Mesh.Tests.Gateway.Senders.Senders;

namespace Mesh.Tests.Gateway.Senders;

/// <summary>Sender tokens after the issuer rotates its key: trusted from the first token, without a fetch per unknown key.</summary>
public sealed class SenderKeyRotationTests(RequiredSenderMesh fixture) : IClassFixture<RequiredSenderMesh>
{
    private readonly MeshHost _mesh = fixture.Mesh;
    private readonly TestOidcIssuer _issuer = fixture.Issuer;

    [Fact]
    public async Task The_first_sender_token_of_a_rotated_key_is_accepted_and_tokens_of_unpublished_keys_cause_no_fetch_storm()
    {
        const string ns = "rotate";
        await _mesh.MustApplyAsync(Broker(ns, "default"));
        await _mesh.WaitReadyAsync(Resource.Broker(ns, "default"));
        var audience = BrokerAudience(ns, "default");
        (await StatusAsync(_mesh, $"/{ns}/default", "rot-1", _issuer.Issue("sender", audience))).ShouldBe(202);
        var fetches = _issuer.JwksRequests;

        _issuer.RotateKey();
        (await StatusAsync(_mesh, $"/{ns}/default", "rot-2", _issuer.Issue("sender", audience))).ShouldBe(202,
            "the new key is fetched as soon as a token names it");
        _issuer.JwksRequests.ShouldBe(fetches + 1);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 25; i++)
            (await StatusAsync(_mesh, $"/{ns}/default", $"rot-bad-{i}", _issuer.IssueWithUnknownKey("sender", audience))).ShouldBe(401);
        var allowed = 1 + (int)(clock.Elapsed / IssuerKeys.MinimumRefreshInterval);
        (_issuer.JwksRequests - (fetches + 1)).ShouldBeLessThanOrEqualTo(allowed);
    }
}
