using Mesh.Grains.Senders;
using Microsoft.Extensions.Options;
using static Mesh.Tests.Gateway.Senders.Senders;

namespace Mesh.Tests.Operator.Kinds.EventPolicy;

[Collection(SharedMesh.Name)]
public sealed class EventPolicyKindTests(MeshFixture fixture)
{
    private readonly MeshHost _mesh = fixture.Mesh;

    [Fact]
    public async Task Malformed_policies_are_refused_naming_each_field()
    {
        using var response = await _mesh.ApplyAsync(Policy("ep-bad", "bad", """
              to:
                - ref: { apiVersion: eventing.knative.dev/v1, kind: Broker, name: b }
                  selector: { apiVersion: eventing.knative.dev/v1, kind: Broker }
                - selector: { apiVersion: eventing.knative.dev/v1, kind: Broker, matchExpressions: [ { key: k, operator: Near } ] }
              from:
                - sub: "a*b"
                - {}
              filters:
                - cesql: "type ="
            """));
        await response.ShouldBeRefusedAsync("spec.to[0]", "spec.to[1].selector.matchExpressions[0].operator", "spec.from[0].sub", "spec.from[1]", "spec.filters[0].cesql");
        (await _mesh.GetAsync(PolicyPath("ep-bad", "bad"))).ShouldBeNull();
    }

    [Fact]
    public async Task A_from_ref_to_a_missing_object_leaves_the_policy_not_ready_until_it_exists()
    {
        const string ns = "ep-refs";
        await _mesh.MustApplyAsync(Policy(ns, "p", """
              from: [ { ref: { apiVersion: sources.knative.dev/v1, kind: PingSource, name: ping } } ]
            """));
        var waiting = await _mesh.WaitConditionAsync(PolicyPath(ns, "p"), "Ready", "False", "SubjectsNotResolved");
        ((string)Resource.Condition(waiting, "SubjectsResolved")!["message"]!).ShouldContain("PingSource ep-refs/ping does not exist");

        await _mesh.MustApplyAsync($$"""
            apiVersion: sources.knative.dev/v1
            kind: PingSource
            metadata: { name: ping, namespace: {{ns}} }
            spec:
              schedule: "0 0 1 1 *"
              sink: { uri: "http://127.0.0.1:9/" }
            """);
        var ready = await WaitPolicyReadyAsync(_mesh, ns, "p");
        ready["status"]!["from"]![0]!.ToString().ShouldBe("system:serviceaccount:ep-refs:ping-oidc-sources.knative.dev-pingsource");
    }

    [Fact]
    public void The_options_validator_names_the_key_and_the_reason()
    {
        var options = new SenderAuthOptions { DefaultAuthorization = "allow-some" };
        options.Senders.Issuers.Add("not a url");
        var result = new SenderAuthOptionsValidator().Validate(null, options);
        result.Failed.ShouldBeTrue();
        result.Failures!.ShouldContain(f => f.Contains("Mesh:Auth:DefaultAuthorization") && f.Contains("allow-some"));
        result.Failures!.ShouldContain(f => f.Contains("Mesh:Auth:Senders:Issuers:0"));
        new SenderAuthOptionsValidator().Validate(null, new SenderAuthOptions()).ShouldBe(ValidateOptionsResult.Success);
    }
}
