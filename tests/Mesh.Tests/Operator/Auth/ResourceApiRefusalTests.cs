using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text;
using Mesh.Operator.Kinds.Broker;

namespace Mesh.Tests.Operator.Auth;

/// <summary>
/// What the resource API refuses with a token file: 401 without a valid identity, 403 in Kubernetes'
/// words where no binding allows, 422 for an invalid role. Nothing here grants or stores anything,
/// so the tests share one mesh; what grants is in <see cref="ResourceApiAuthorizationTests"/>.
/// </summary>
public sealed class ResourceApiRefusalTests(AuthenticatedMeshFixture fixture) : IClassFixture<AuthenticatedMeshFixture>, IDisposable
{
    private readonly AuthenticatedMesh _auth = fixture.Auth;
    private readonly HttpClient _admin = fixture.Auth.As(AuthenticatedMesh.AdminToken);
    private readonly HttpClient _alice = fixture.Auth.As(AuthenticatedMesh.AliceToken);

    public void Dispose()
    {
        _admin.Dispose();
        _alice.Dispose();
    }

    private static string BrokerPath(string ns, string name) => Resource.Broker(ns, name);

    [Theory]
    [InlineData("GET", "/apis/eventing.knative.dev/v1/namespaces/default/brokers")]
    [InlineData("GET", "/apis/eventing.knative.dev/v1/brokers")]
    [InlineData("PUT", "/apis/eventing.knative.dev/v1/namespaces/default/brokers/b")]
    [InlineData("DELETE", "/api/v1/namespaces/default/secrets/s")]
    [InlineData("GET", "/apis")]
    [InlineData("GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles")]
    public async Task Every_resource_API_request_without_a_token_is_401_with_a_problem_body(string method, string path)
    {
        using var anonymous = _auth.As(null);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "PUT") request.Content = new StringContent(RbacYaml.Broker("default", "b"), Encoding.UTF8, "application/yaml");

        var response = await anonymous.SendAsync(request);

        var problem = await AuthenticatedMesh.ProblemAsync(response, 401);
        ((string?)problem["reason"]).ShouldBe("Unauthorized");
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
        (await _auth.Mesh.Services.GetRequiredService<Mesh.Operator.Store.DeclarationStore>()
            .ListAsync(Mesh.Operator.Kinds.Broker.BrokerKind.Resource)).ShouldBeEmpty("a refused request changes nothing");
    }

    [Fact]
    public async Task An_unknown_token_is_401_and_never_treated_as_anonymous()
    {
        using var stranger = _auth.As("not-a-token");

        var problem = await AuthenticatedMesh.ProblemAsync(await stranger.GetAsync(BrokerPath("default", "x")), 401);

        ((string)problem["detail"]!).ShouldContain("not valid");
    }

    [Fact]
    public async Task A_user_no_binding_allows_gets_403_naming_the_user_the_verb_and_the_resource_as_kubernetes_does()
    {
        var put = await AuthenticatedMesh.PutYamlAsync(_alice, BrokerPath("team-a", "b"), RbacYaml.Broker("team-a", "b"));
        var problem = await AuthenticatedMesh.ProblemAsync(put, 403);
        ((string)problem["detail"]!).ShouldBe("brokers.eventing.knative.dev \"b\" is forbidden: User \"alice\" cannot update resource \"brokers\" in API group \"eventing.knative.dev\" in the namespace \"team-a\"");
        ((string?)problem["reason"]).ShouldBe("Forbidden");
        ((string?)problem["details"]!["kind"]).ShouldBe("brokers");

        var list = await AuthenticatedMesh.ProblemAsync(await _alice.GetAsync("/apis/eventing.knative.dev/v1/brokers"), 403);
        ((string)list["detail"]!).ShouldBe("brokers.eventing.knative.dev is forbidden: User \"alice\" cannot list resource \"brokers\" in API group \"eventing.knative.dev\" at the cluster scope");
        var secret = await AuthenticatedMesh.ProblemAsync(await _alice.GetAsync("/api/v1/namespaces/team-a/secrets/s"), 403);
        ((string)secret["detail"]!).ShouldBe("secrets \"s\" is forbidden: User \"alice\" cannot get resource \"secrets\" in API group \"\" in the namespace \"team-a\"");
    }

    [Theory]
    [InlineData("metadata: { name: r, namespace: default }\nrules: [ { apiGroups: [''], resources: [secrets] } ]", "rules[0].verbs")]
    [InlineData("metadata: { name: r, namespace: default }\nrules: [ { nonResourceURLs: [/metrics], verbs: [get] } ]", "rules[0].nonResourceURLs")]
    [InlineData("metadata: { name: r, namespace: default }\nrules: [ { verbs: [get], resources: [brokers] } ]", "rules[0].apiGroups")]
    public async Task An_invalid_role_is_422_naming_the_field_and_is_not_stored(string yaml, string field)
    {
        var response = await AuthenticatedMesh.PutYamlAsync(_admin, RbacYaml.RolePath("default", "r"), "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n" + yaml);

        var problem = await AuthenticatedMesh.ProblemAsync(response, 422);
        problem["errors"]!.AsArray().Select(e => (string?)e!["field"]).ShouldContain(field);
        (await _admin.GetAsync(RbacYaml.RolePath("default", "r"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task No_token_ever_appears_in_the_mesh_logs()
    {
        using var stranger = _auth.As("secret-looking-bad-token");
        await stranger.GetAsync("/apis");
        await _alice.GetAsync(BrokerPath("default", "b"));
        await _admin.GetAsync(BrokerPath("default", "b"));

        _auth.Logs.Lines.ShouldNotBeEmpty();
        foreach (var token in new[] { AuthenticatedMesh.AdminToken, AuthenticatedMesh.AliceToken, AuthenticatedMesh.BobToken, "secret-looking-bad-token" })
            _auth.Logs.Lines.ShouldNotContain(line => line.Contains(token));
    }
}
