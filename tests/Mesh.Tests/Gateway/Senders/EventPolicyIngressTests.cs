using Mesh.Tests.Operator;
using static Mesh.Tests.Gateway.Senders.Senders;

namespace Mesh.Tests.Gateway.Senders;

/// <summary>Broker and channel ingress under EventPolicies, with the default mode allow-all and tokens from a real test issuer.</summary>
public sealed class EventPolicyIngressTests(AllowAllSenderMesh fixture) : IClassFixture<AllowAllSenderMesh>
{
    private readonly MeshHost _mesh = fixture.Mesh;
    private readonly TestOidcIssuer _issuer = fixture.Issuer;
    private readonly RecordingSubscriber _subscriber = fixture.Subscriber;

    private string Token(string subject, string ns, string broker) => _issuer.Issue(subject, BrokerAudience(ns, broker));

    private async Task BrokerWithTriggerAsync(string ns, string broker = "default")
    {
        await _mesh.MustApplyAsync(Broker(ns, broker));
        await _mesh.MustApplyAsync(Trigger(ns, "all", broker, _subscriber.Url));
        await _mesh.WaitReadyAsync(Resource.Trigger(ns, "all"));
    }

    [Fact]
    public async Task Without_a_policy_allow_all_takes_events_without_a_token_and_the_broker_says_so()
    {
        const string ns = "ep-open";
        await BrokerWithTriggerAsync(ns);
        (await StatusAsync(_mesh, $"/{ns}/default", "open-1", token: null)).ShouldBe(202);
        await WaitReceivedAsync(_subscriber, "open-1");

        var broker = await _mesh.GetAsync(Resource.Broker(ns, "default"));
        Resource.ConditionStatus(broker, "EventPoliciesReady").ShouldBe("True");
        Resource.ConditionReason(broker, "EventPoliciesReady").ShouldBe("DefaultAuthorizationModeAllowAll");
        broker!["status"]!["policies"].ShouldBeNull();
    }

    [Fact]
    public async Task A_policy_makes_its_broker_answer_401_without_a_valid_token_403_to_others_and_202_to_its_subject()
    {
        const string ns = "ep-matrix";
        await BrokerWithTriggerAsync(ns);
        await _mesh.MustApplyAsync(Policy(ns, "alice-only", """
              to: [ { ref: { apiVersion: eventing.knative.dev/v1, kind: Broker, name: default } } ]
              from: [ { sub: alice } ]
            """));
        await _mesh.WaitConditionAsync(Resource.Broker(ns, "default"), "EventPoliciesReady", "True", "EventPoliciesReady");

        using (var none = await SendAsync(_mesh, $"/{ns}/default", "m-none", token: null))
        {
            await ProblemAssertions.ShouldBeProblemAsync(none, System.Net.HttpStatusCode.Unauthorized);
            none.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
        }
        (await StatusAsync(_mesh, $"/{ns}/default", "m-garbage", "not-a-jwt")).ShouldBe(401);
        (await StatusAsync(_mesh, $"/{ns}/default", "m-unknown-key", _issuer.IssueWithUnknownKey("alice", BrokerAudience(ns, "default")))).ShouldBe(401);
        (await StatusAsync(_mesh, $"/{ns}/default", "m-other-audience", _issuer.Issue("alice", BrokerAudience(ns, "elsewhere")))).ShouldBe(401);
        (await StatusAsync(_mesh, $"/{ns}/default", "m-expired", _issuer.Issue("alice", BrokerAudience(ns, "default"), lifetime: TimeSpan.FromMinutes(-10)))).ShouldBe(401);
        (await StatusAsync(_mesh, $"/{ns}/default", "m-untrusted", _issuer.Issue("alice", BrokerAudience(ns, "default"), issuer: "https://evil.example"))).ShouldBe(401);
        using (var bob = await SendAsync(_mesh, $"/{ns}/default", "m-bob", Token("bob", ns, "default")))
            ((string)(await ProblemAssertions.ShouldBeProblemAsync(bob, System.Net.HttpStatusCode.Forbidden))["detail"]!).ShouldContain("bob");
        (await StatusAsync(_mesh, $"/{ns}/default", "m-alice", Token("alice", ns, "default"))).ShouldBe(202);

        await WaitReceivedAsync(_subscriber, "m-alice");
        _subscriber.Received.Select(r => r.Ce("id")).Where(id => id!.StartsWith("m-", StringComparison.Ordinal)).ShouldBe(["m-alice"]);
        var broker = await _mesh.GetAsync(Resource.Broker(ns, "default"));
        broker!["status"]!["policies"]!.ToJsonString().ShouldBe("""[{"name":"alice-only","apiVersion":"eventing.knative.dev/v1alpha1","kind":"EventPolicy"}]""");
    }

    [Fact]
    public async Task A_subject_ending_in_a_star_allows_every_subject_with_that_prefix()
    {
        const string ns = "ep-prefix";
        await BrokerWithTriggerAsync(ns);
        await _mesh.MustApplyAsync(Policy(ns, "team", """
              from: [ { sub: "team-*" } ]
            """));
        await _mesh.WaitConditionAsync(Resource.Broker(ns, "default"), "EventPoliciesReady", "True", "EventPoliciesReady");

        (await StatusAsync(_mesh, $"/{ns}/default", "p-1", Token("team-a", ns, "default"))).ShouldBe(202);
        (await StatusAsync(_mesh, $"/{ns}/default", "p-2", Token("team-", ns, "default"))).ShouldBe(202);
        (await StatusAsync(_mesh, $"/{ns}/default", "p-3", Token("tea", ns, "default"))).ShouldBe(403);
        (await StatusAsync(_mesh, $"/{ns}/default", "p-4", Token("xteam-a", ns, "default"))).ShouldBe(403);
    }

    [Fact]
    public async Task A_policys_filters_refuse_the_events_they_do_not_match_with_403()
    {
        const string ns = "ep-filters";
        await BrokerWithTriggerAsync(ns);
        await _mesh.MustApplyAsync(Policy(ns, "orders", """
              from: [ { sub: alice } ]
              filters:
                - prefix: { type: orders. }
                - cesql: "source LIKE '/tests/%'"
            """));
        await _mesh.WaitConditionAsync(Resource.Broker(ns, "default"), "EventPoliciesReady", "True", "EventPoliciesReady");

        using (var refused = await SendAsync(_mesh, $"/{ns}/default", "f-payment", Token("alice", ns, "default"), type: "payments.made"))
            ((string)(await ProblemAssertions.ShouldBeProblemAsync(refused, System.Net.HttpStatusCode.Forbidden))["detail"]!).ShouldContain("f-payment");
        (await StatusAsync(_mesh, $"/{ns}/default", "f-order", Token("alice", ns, "default"), type: "orders.placed")).ShouldBe(202);

        await WaitReceivedAsync(_subscriber, "f-order");
        _subscriber.Received.ShouldNotContain(r => r.Ce("id") == "f-payment");
    }

    [Fact]
    public async Task A_policy_added_then_deleted_at_runtime_changes_the_answers()
    {
        const string ns = "ep-runtime";
        await BrokerWithTriggerAsync(ns);
        (await StatusAsync(_mesh, $"/{ns}/default", "r-1", token: null)).ShouldBe(202);

        await _mesh.MustApplyAsync(Policy(ns, "alice", "  from: [ { sub: alice } ]"));
        await Eventually.TrueAsync(async () => await StatusAsync(_mesh, $"/{ns}/default", "r-probe", token: null) == 401, "the new policy to be enforced");
        (await StatusAsync(_mesh, $"/{ns}/default", "r-2", Token("alice", ns, "default"))).ShouldBe(202);

        (await _mesh.Http.DeleteAsync(PolicyPath(ns, "alice"))).IsSuccessStatusCode.ShouldBeTrue();
        await Eventually.TrueAsync(async () => await StatusAsync(_mesh, $"/{ns}/default", "r-3", token: null) == 202, "the deleted policy to stop applying");
        var broker = await _mesh.WaitConditionAsync(Resource.Broker(ns, "default"), "EventPoliciesReady", "True", "DefaultAuthorizationModeAllowAll");
        broker["status"]!["policies"].ShouldBeNull();
    }

    [Fact]
    public async Task A_label_selector_picks_the_brokers_it_matches_and_leaves_the_others_open()
    {
        const string ns = "ep-selector";
        await _mesh.MustApplyAsync(Broker(ns, "guarded", "{ tier: secure }"));
        await _mesh.MustApplyAsync(Broker(ns, "open", "{ tier: public }"));
        await _mesh.MustApplyAsync(Policy(ns, "secure", """
              to:
                - selector:
                    apiVersion: eventing.knative.dev/v1
                    kind: Broker
                    matchExpressions: [ { key: tier, operator: In, values: [ secure ] } ]
              from: [ { sub: alice } ]
            """));
        var guarded = await _mesh.WaitConditionAsync(Resource.Broker(ns, "guarded"), "EventPoliciesReady", "True", "EventPoliciesReady");
        ((string)guarded["status"]!["policies"]![0]!["name"]!).ShouldBe("secure");
        await _mesh.WaitConditionAsync(Resource.Broker(ns, "open"), "EventPoliciesReady", "True", "DefaultAuthorizationModeAllowAll");

        (await StatusAsync(_mesh, $"/{ns}/guarded", "s-1", token: null)).ShouldBe(401);
        (await StatusAsync(_mesh, $"/{ns}/open", "s-2", token: null)).ShouldBe(202);
    }

    [Fact]
    public async Task A_policy_for_a_channel_guards_its_ingress_and_shows_on_the_Channel_and_its_InMemoryChannel()
    {
        const string ns = "ep-channel";
        await _mesh.MustApplyAsync($$"""
            apiVersion: messaging.knative.dev/v1
            kind: Channel
            metadata: { name: orders, namespace: {{ns}} }
            """);
        await _mesh.MustApplyAsync($$"""
            apiVersion: messaging.knative.dev/v1
            kind: Subscription
            metadata: { name: all, namespace: {{ns}} }
            spec:
              channel: { apiVersion: messaging.knative.dev/v1, kind: Channel, name: orders }
              subscriber: { uri: "{{_subscriber.Url}}" }
            """);
        await _mesh.MustApplyAsync(Policy(ns, "alice", """
              to: [ { ref: { apiVersion: messaging.knative.dev/v1, kind: Channel, name: orders } } ]
              from: [ { sub: alice } ]
            """));
        var channel = await _mesh.WaitConditionAsync("/apis/messaging.knative.dev/v1/namespaces/ep-channel/channels/orders", "EventPoliciesReady", "True", "EventPoliciesReady");
        ((string)channel["status"]!["policies"]![0]!["name"]!).ShouldBe("alice");
        await _mesh.WaitConditionAsync("/apis/messaging.knative.dev/v1/namespaces/ep-channel/inmemorychannels/orders", "EventPoliciesReady", "True", "EventPoliciesReady");
        await _mesh.WaitConditionAsync("/apis/messaging.knative.dev/v1/namespaces/ep-channel/subscriptions/all", "Ready", "True");

        (await StatusAsync(_mesh, $"/channels/{ns}/orders", "c-none", token: null)).ShouldBe(401);
        (await StatusAsync(_mesh, $"/channels/{ns}/orders", "c-bob", _issuer.Issue("bob", ChannelAudience(ns, "orders")))).ShouldBe(403);
        (await StatusAsync(_mesh, $"/channels/{ns}/orders", "c-alice", _issuer.Issue("alice", ChannelAudience(ns, "orders")))).ShouldBe(202);
        await WaitReceivedAsync(_subscriber, "c-alice");
    }
}
