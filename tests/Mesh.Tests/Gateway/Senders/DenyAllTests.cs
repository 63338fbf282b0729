using Mesh.Tests.Operator;
using Microsoft.AspNetCore.Http;
using static Mesh.Tests.Gateway.Senders.Senders;

namespace Mesh.Tests.Gateway.Senders;

/// <summary>With <c>Mesh:Auth:DefaultAuthorization=deny-all</c> only what a policy allows gets in, the mesh's own replies included.</summary>
public sealed class DenyAllTests(DenyAllSenderMesh fixture) : IClassFixture<DenyAllSenderMesh>
{
    private readonly MeshHost _mesh = fixture.Mesh;
    private readonly TestOidcIssuer _issuer = fixture.Issuer;
    private readonly RecordingSubscriber _subscriber = fixture.Subscriber;

    [Fact]
    public async Task Without_a_policy_a_valid_token_is_403_and_no_token_401()
    {
        const string ns = "deny-none";
        await _mesh.MustApplyAsync(Broker(ns, "default"));
        var broker = await _mesh.WaitReadyAsync(Resource.Broker(ns, "default"));
        Resource.ConditionReason(broker, "EventPoliciesReady").ShouldBe("DefaultAuthorizationModeDenyAll");

        (await StatusAsync(_mesh, $"/{ns}/default", "d-1", _issuer.Issue("alice", BrokerAudience(ns, "default")))).ShouldBe(403);
        (await StatusAsync(_mesh, $"/{ns}/default", "d-2", token: null)).ShouldBe(401);
    }

    [Fact]
    public async Task A_triggers_reply_into_its_own_broker_passes_when_a_policy_names_the_trigger()
    {
        const string ns = "deny-reply";
        await using var replier = await RecordingSubscriber.StartAsync();
        replier.Respond = async (request, response) =>
        {
            response.Headers["ce-specversion"] = "1.0";
            response.Headers["ce-id"] = "reply-to-" + request.Ce("id");
            response.Headers["ce-source"] = "/replier";
            response.Headers["ce-type"] = "answer";
            response.ContentType = "application/json";
            response.StatusCode = 200;
            await response.WriteAsync("{}");
            return 200;
        };
        await _mesh.MustApplyAsync(Broker(ns, "default"));
        await _mesh.MustApplyAsync(Trigger(ns, "ask", "default", replier.Url, type: "question"));
        await _mesh.MustApplyAsync(Trigger(ns, "answers", "default", _subscriber.Url, type: "answer"));
        await _mesh.MustApplyAsync(Policy(ns, "senders", """
              from:
                - sub: alice
                - ref: { apiVersion: eventing.knative.dev/v1, kind: Trigger, name: ask }
            """));
        var policy = await WaitPolicyReadyAsync(_mesh, ns, "senders");
        policy["status"]!["from"]!.ToJsonString().ShouldBe("""["alice","system:serviceaccount:deny-reply:ask-oidc-eventing.knative.dev-trigger"]""");
        await _mesh.WaitReadyAsync(Resource.Trigger(ns, "ask"));
        await _mesh.WaitReadyAsync(Resource.Trigger(ns, "answers"));

        (await StatusAsync(_mesh, $"/{ns}/default", "q-1", _issuer.Issue("alice", BrokerAudience(ns, "default")), type: "question")).ShouldBe(202);

        await WaitReceivedAsync(_subscriber, "reply-to-q-1");
    }

    [Fact]
    public async Task A_triggers_reply_is_dropped_when_no_policy_names_the_trigger()
    {
        const string ns = "deny-noreply";
        await using var replier = await RecordingSubscriber.StartAsync();
        replier.Respond = async (request, response) =>
        {
            response.Headers["ce-specversion"] = "1.0";
            response.Headers["ce-id"] = "reply-to-" + request.Ce("id");
            response.Headers["ce-source"] = "/replier";
            response.Headers["ce-type"] = "answer";
            response.ContentType = "application/json";
            response.StatusCode = 200;
            await response.WriteAsync("{}");
            return 200;
        };
        await _mesh.MustApplyAsync(Broker(ns, "default"));
        await _mesh.MustApplyAsync(Trigger(ns, "ask", "default", replier.Url, type: "question"));
        await _mesh.MustApplyAsync(Trigger(ns, "answers", "default", _subscriber.Url, type: "answer"));
        await _mesh.MustApplyAsync(Policy(ns, "senders", "  from: [ { sub: alice } ]"));
        await WaitPolicyReadyAsync(_mesh, ns, "senders");
        await _mesh.WaitReadyAsync(Resource.Trigger(ns, "ask"));
        await _mesh.WaitReadyAsync(Resource.Trigger(ns, "answers"));
        var alice = _issuer.Issue("alice", BrokerAudience(ns, "default"));

        (await StatusAsync(_mesh, $"/{ns}/default", "nq-1", alice, type: "question")).ShouldBe(202);
        await Eventually.TrueAsync(() => replier.Received.Any(r => r.Ce("id") == "nq-1"), "the question at the replier");
        // The sentinel goes the same way as a reply would, after the reply had its chance.
        (await StatusAsync(_mesh, $"/{ns}/default", "sentinel", alice, type: "answer")).ShouldBe(202);
        await WaitReceivedAsync(_subscriber, "sentinel");
        _subscriber.Received.ShouldNotContain(r => r.Ce("id") == "reply-to-nq-1");
    }
}
