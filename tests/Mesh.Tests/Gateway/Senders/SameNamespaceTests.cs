using Mesh.Tests.Operator;
using static Mesh.Tests.Gateway.Senders.Senders;

namespace Mesh.Tests.Gateway.Senders;

/// <summary><c>allow-same-namespace</c>: without a policy, only the namespace's own identities may send.</summary>
public sealed class SameNamespaceTests(SameNamespaceSenderMesh fixture) : IClassFixture<SameNamespaceSenderMesh>
{
    private readonly MeshHost _mesh = fixture.Mesh;
    private readonly TestOidcIssuer _issuer = fixture.Issuer;

    [Fact]
    public async Task Subjects_of_the_brokers_namespace_get_in_and_others_are_403()
    {
        const string ns = "same-ns";
        await _mesh.MustApplyAsync(Broker(ns, "default"));
        var broker = await _mesh.WaitReadyAsync(Resource.Broker(ns, "default"));
        Resource.ConditionReason(broker, "EventPoliciesReady").ShouldBe("DefaultAuthorizationModeAllowSameNamespace");
        var audience = BrokerAudience(ns, "default");

        (await StatusAsync(_mesh, $"/{ns}/default", "sn-1", _issuer.Issue($"system:serviceaccount:{ns}:app", audience))).ShouldBe(202);
        (await StatusAsync(_mesh, $"/{ns}/default", "sn-2", _issuer.Issue("system:serviceaccount:other:app", audience))).ShouldBe(403);
        (await StatusAsync(_mesh, $"/{ns}/default", "sn-3", _issuer.Issue("alice", audience))).ShouldBe(403);
        (await StatusAsync(_mesh, $"/{ns}/default", "sn-4", token: null)).ShouldBe(401);
    }
}
