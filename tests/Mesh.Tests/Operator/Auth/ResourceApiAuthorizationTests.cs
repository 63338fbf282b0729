using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text;
using Mesh.Operator.Kinds.Broker;

namespace Mesh.Tests.Operator.Auth;

/// <summary>The resource API with a token file as RBAC objects change: roles and bindings that take effect at once, anonymous access, reviews. Each test has a mesh of its own, since what one grants would leak into another (refusals are in <see cref="ResourceApiRefusalTests"/>).</summary>
public sealed class ResourceApiAuthorizationTests : IAsyncLifetime
{
    private AuthenticatedMesh _auth = null!;
    private HttpClient _admin = null!;
    private HttpClient _alice = null!;

    public async Task InitializeAsync()
    {
        _auth = await AuthenticatedMesh.StartAsync();
        _admin = _auth.As(AuthenticatedMesh.AdminToken);
        _alice = _auth.As(AuthenticatedMesh.AliceToken);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        _alice.Dispose();
        await _auth.DisposeAsync();
    }

    private static string BrokerPath(string ns, string name) => Resource.Broker(ns, name);

    [Fact]
    public async Task A_member_of_system_masters_may_do_anything_before_any_rbac_object_exists()
    {
        (await AuthenticatedMesh.PutYamlAsync(_admin, BrokerPath("team-a", "b"), RbacYaml.Broker("team-a", "b"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await _admin.GetAsync(RbacYaml.ClusterRolePath("anything"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _admin.DeleteAsync(BrokerPath("team-a", "b"))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_role_and_binding_applied_through_the_api_take_effect_at_once_and_a_deleted_binding_takes_it_back()
    {
        await MustSucceed(AuthenticatedMesh.PutYamlAsync(_admin, RbacYaml.RolePath("team-a", "broker-editor"), RbacYaml.BrokerEditor("team-a")));
        await MustSucceed(AuthenticatedMesh.PutYamlAsync(_admin, RbacYaml.RoleBindingPath("team-a", "alice-edits"), RbacYaml.BindUser("team-a", "alice-edits", "alice")));

        (await AuthenticatedMesh.PutYamlAsync(_alice, BrokerPath("team-a", "b"), RbacYaml.Broker("team-a", "b"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await _alice.GetAsync("/apis/eventing.knative.dev/v1/namespaces/team-a/brokers")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await AuthenticatedMesh.ProblemAsync(await AuthenticatedMesh.PutYamlAsync(_alice, BrokerPath("team-b", "b"), RbacYaml.Broker("team-b", "b")), 403);
        await AuthenticatedMesh.ProblemAsync(await _alice.GetAsync(Resource.Trigger("team-a", "t")), 403);

        await MustSucceed(_admin.DeleteAsync(RbacYaml.RoleBindingPath("team-a", "alice-edits")));
        await AuthenticatedMesh.ProblemAsync(await _alice.GetAsync(BrokerPath("team-a", "b")), 403);
    }

    [Fact]
    public async Task A_group_bound_to_a_cluster_role_reaches_every_namespace_and_the_cluster_scope()
    {
        await MustSucceed(AuthenticatedMesh.PutYamlAsync(_admin, RbacYaml.ClusterRolePath("broker-reader"), RbacYaml.ClusterRole("broker-reader",
            "  - { apiGroups: [eventing.knative.dev], resources: [brokers], verbs: [get, list] }")));
        await MustSucceed(AuthenticatedMesh.PutYamlAsync(_admin, RbacYaml.ClusterRoleBindingPath("devs-read"), RbacYaml.ClusterBindGroup("devs-read", "broker-reader", "devs")));
        using var bob = _auth.As(AuthenticatedMesh.BobToken);

        (await _alice.GetAsync("/apis/eventing.knative.dev/v1/brokers")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _alice.GetAsync("/apis/eventing.knative.dev/v1/namespaces/anywhere/brokers")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await AuthenticatedMesh.ProblemAsync(await bob.GetAsync("/apis/eventing.knative.dev/v1/brokers"), 403);
    }

    [Fact]
    public async Task Cluster_roles_are_served_at_cluster_scoped_paths_without_a_namespace()
    {
        const string rules = "  - { nonResourceURLs: [/metrics], verbs: [get] }";
        var created = await AuthenticatedMesh.PutYamlAsync(_admin, RbacYaml.ClusterRolePath("scraper"), RbacYaml.ClusterRole("scraper", rules));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);

        var stored = JsonNode.Parse(await (await _admin.GetAsync(RbacYaml.ClusterRolePath("scraper"))).Content.ReadAsStringAsync())!;
        ((string?)stored["kind"]).ShouldBe("ClusterRole");
        stored["metadata"]!["namespace"].ShouldBeNull();
        ((string?)stored["rules"]![0]!["nonResourceURLs"]![0]).ShouldBe("/metrics");
        stored["spec"].ShouldBeNull("RBAC objects keep their fields at the top level, as Kubernetes does");
        var list = JsonNode.Parse(await (await _admin.GetAsync($"{RbacYaml.Api}/clusterroles")).Content.ReadAsStringAsync())!;
        list["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]).ShouldContain("scraper");
        (await _admin.GetAsync($"{RbacYaml.Api}/namespaces/default/clusterroles/scraper")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _admin.GetAsync($"{RbacYaml.Api}/roles/scraper")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var discovery = JsonNode.Parse(await (await _admin.GetAsync(RbacYaml.Api)).Content.ReadAsStringAsync())!;
        discovery["resources"]!.AsArray().Single(r => (string?)r!["name"] == "clusterroles")!["namespaced"]!.GetValue<bool>().ShouldBeFalse();
        (await _admin.DeleteAsync(RbacYaml.ClusterRolePath("scraper"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _admin.GetAsync(RbacYaml.ClusterRolePath("scraper"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_binding_cannot_change_its_role_ref_and_a_cluster_binding_cannot_name_a_role()
    {
        await MustSucceed(AuthenticatedMesh.PutYamlAsync(_admin, RbacYaml.RoleBindingPath("team-a", "b"), RbacYaml.BindUser("team-a", "b", "alice")));

        var changed = await AuthenticatedMesh.PutYamlAsync(_admin, RbacYaml.RoleBindingPath("team-a", "b"), RbacYaml.BindUser("team-a", "b", "alice", "ClusterRole", "other"));
        (await AuthenticatedMesh.ProblemAsync(changed, 422))["errors"]!.AsArray().Select(e => (string?)e!["field"]).ShouldContain("roleRef");
        var clusterToRole = await AuthenticatedMesh.PutYamlAsync(_admin, RbacYaml.ClusterRoleBindingPath("c"),
            RbacYaml.ClusterBindGroup("c", "x", "devs").Replace("kind: ClusterRole, name", "kind: Role, name"));
        (await AuthenticatedMesh.ProblemAsync(clusterToRole, 422))["errors"]!.AsArray().Select(e => (string?)e!["field"]).ShouldContain("roleRef.kind");
    }

    [Fact]
    public async Task Every_authenticated_user_may_read_discovery_and_review_its_own_access()
    {
        using var bob = _auth.As(AuthenticatedMesh.BobToken);
        (await bob.GetAsync("/apis")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await bob.GetAsync("/apis/eventing.knative.dev/v1")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await MustSucceed(AuthenticatedMesh.PutYamlAsync(_admin, RbacYaml.RolePath("team-a", "broker-editor"), RbacYaml.BrokerEditor("team-a")));
        await MustSucceed(AuthenticatedMesh.PutYamlAsync(_admin, RbacYaml.RoleBindingPath("team-a", "bob"), RbacYaml.BindUser("team-a", "bob", "bob")));
        (await ReviewAsync(bob, "team-a", "delete", "brokers")).ShouldBe(true);
        (await ReviewAsync(bob, "team-b", "delete", "brokers")).ShouldBe(false);
        (await ReviewAsync(bob, "team-a", "delete", "triggers")).ShouldBe(false);
    }

    [Fact]
    public async Task With_anonymous_access_allowed_a_request_without_a_token_is_system_anonymous_and_rbac_decides()
    {
        await using var open = await AuthenticatedMesh.StartAsync(new Dictionary<string, string?> { ["Mesh:Auth:AllowAnonymous"] = "true" });
        using var anonymous = open.As(null);

        var problem = await AuthenticatedMesh.ProblemAsync(await anonymous.GetAsync(BrokerPath("default", "b")), 403);

        ((string)problem["detail"]!).ShouldContain("User \"system:anonymous\" cannot get resource \"brokers\"");
        (await anonymous.GetAsync("/apis")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "discovery is for authenticated users");
    }

    internal static async Task<bool> ReviewAsync(HttpClient client, string ns, string verb, string resource)
    {
        var review = new JsonObject
        {
            ["apiVersion"] = "authorization.k8s.io/v1",
            ["kind"] = "SelfSubjectAccessReview",
            ["spec"] = new JsonObject
            {
                ["resourceAttributes"] = new JsonObject { ["namespace"] = ns, ["verb"] = verb, ["group"] = "eventing.knative.dev", ["resource"] = resource },
            },
        };
        var response = await client.PostAsync("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            new StringContent(review.ToJsonString(), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        return JsonNode.Parse(body)!["status"]!["allowed"]!.GetValue<bool>();
    }

    private static async Task MustSucceed(Task<HttpResponseMessage> call)
    {
        var response = await call;
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
    }
}
