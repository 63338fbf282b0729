using Mesh.Grains.Identity;
using Mesh.Tests.Operator;
using Microsoft.Extensions.DependencyInjection;
using static Mesh.Tests.Gateway.Senders.Senders;

namespace Mesh.Tests.Gateway.Senders;

/// <summary><c>Mesh:Auth:Senders:Required=true</c> without policies: every sender needs a token; the mesh's own deliveries carry one.</summary>
public sealed class RequiredSendersTests(RequiredSenderMesh fixture) : IClassFixture<RequiredSenderMesh>
{
    private readonly MeshHost _mesh = fixture.Mesh;
    private readonly TestOidcIssuer _issuer = fixture.Issuer;
    private readonly RecordingSubscriber _subscriber = fixture.Subscriber;

    [Fact]
    public async Task Any_sender_with_a_token_for_the_broker_gets_in_and_without_one_nothing_is_accepted()
    {
        const string ns = "req-basic";
        await _mesh.MustApplyAsync(Broker(ns, "default"));
        await _mesh.MustApplyAsync(Trigger(ns, "all", "default", _subscriber.Url));
        await _mesh.WaitReadyAsync(Resource.Trigger(ns, "all"));

        (await StatusAsync(_mesh, $"/{ns}/default", "rq-none", token: null)).ShouldBe(401);
        (await StatusAsync(_mesh, $"/{ns}/default", "rq-other", _issuer.Issue("anyone", BrokerAudience(ns, "other")))).ShouldBe(401);
        (await StatusAsync(_mesh, $"/{ns}/default", "rq-ok", _issuer.Issue("anyone", BrokerAudience(ns, "default")))).ShouldBe(202);

        await WaitReceivedAsync(_subscriber, "rq-ok");
        _subscriber.Received.ShouldNotContain(r => r.Ce("id") == "rq-none" || r.Ce("id") == "rq-other");
    }

    [Fact]
    public async Task The_mesh_issuers_own_tokens_are_trusted_without_being_configured()
    {
        const string ns = "req-own";
        await _mesh.MustApplyAsync(Broker(ns, "default"));
        await _mesh.WaitReadyAsync(Resource.Broker(ns, "default"));
        var issuer = _mesh.Services.GetRequiredService<MeshIssuer>();
        var token = await issuer.CreateTokenAsync("system:serviceaccount:req-own:x", BrokerAudience(ns, "default"), DateTimeOffset.UtcNow, CancellationToken.None);

        (await StatusAsync(_mesh, $"/{ns}/default", "own-1", token)).ShouldBe(202);
    }

    [Fact]
    public async Task A_trigger_delivering_to_another_broker_sends_the_mesh_issuers_token_for_that_broker()
    {
        const string ns = "req-hop";
        await _mesh.MustApplyAsync(Broker(ns, "first"));
        await _mesh.MustApplyAsync(Broker(ns, "second"));
        await _mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: forward, namespace: {{ns}} }
            spec:
              broker: first
              subscriber: { ref: { apiVersion: eventing.knative.dev/v1, kind: Broker, name: second } }
            """);
        await _mesh.MustApplyAsync(Trigger(ns, "last", "second", _subscriber.Url));
        await _mesh.WaitReadyAsync(Resource.Trigger(ns, "forward"));
        await _mesh.WaitReadyAsync(Resource.Trigger(ns, "last"));

        (await StatusAsync(_mesh, $"/{ns}/first", "hop-1", _issuer.Issue("anyone", BrokerAudience(ns, "first")))).ShouldBe(202);

        await WaitReceivedAsync(_subscriber, "hop-1");
    }
}
