using System.Net;
using System.Text;
using static Mesh.Tests.Operator.Auth.RbacYaml;

namespace Mesh.Tests.Operator.Auth;

/// <summary>
/// Kubernetes' escalation rules over real HTTP: a user writes a role only with permissions it holds
/// (or with <c>escalate</c>), and binds a role only when it holds the role's permissions where the
/// binding grants them (or with <c>bind</c> on that role).
/// </summary>
public sealed class RbacEscalationTests : IAsyncLifetime
{
    private AuthenticatedMesh _auth = null!;
    private HttpClient _admin = null!;
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;

    public async Task InitializeAsync()
    {
        _auth = await AuthenticatedMesh.StartAsync();
        _admin = _auth.As(AuthenticatedMesh.AdminToken);
        _alice = _auth.As(AuthenticatedMesh.AliceToken);
        _bob = _auth.As(AuthenticatedMesh.BobToken);

        // alice administers namespace team (everything there) and may write cluster-wide bindings and roles;
        // bob may write Roles in team-b and read brokers there.
        await MustPutAsync(_admin, ClusterRolePath("ns-admin"), ClusterRole("ns-admin", """
              - { apiGroups: ["*"], resources: ["*"], verbs: ["*"] }
            """));
        await MustPutAsync(_admin, RoleBindingPath("team", "alice-admin"), BindUser("team", "alice-admin", "alice", "ClusterRole", "ns-admin"));
        await MustPutAsync(_admin, ClusterRolePath("rbac-writer"), ClusterRole("rbac-writer", """
              - { apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings, clusterroles], verbs: [create, update, get] }
            """));
        await MustPutAsync(_admin, ClusterRoleBindingPath("alice-rbac"), ClusterBindUser("alice-rbac", "rbac-writer", "alice"));
        await MustPutAsync(_admin, ClusterRolePath("secrets-reader"), ClusterRole("secrets-reader", """
              - { apiGroups: [""], resources: [secrets], verbs: [get, list] }
            """));
        await MustPutAsync(_admin, RolePath("team-b", "role-writer"), """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: { name: role-writer, namespace: team-b }
            rules:
              - { apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [create, update, patch, get] }
              - { apiGroups: [eventing.knative.dev], resources: [brokers], verbs: [get, list] }
            """);
        await MustPutAsync(_admin, RoleBindingPath("team-b", "bob-writes-roles"), BindUser("team-b", "bob-writes-roles", "bob", "Role", "role-writer"));
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        _alice.Dispose();
        _bob.Dispose();
        await _auth.DisposeAsync();
    }

    private static string ClusterBindUser(string name, string role, string user) => $$"""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: { name: {{name}} }
        roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: {{role}} }
        subjects:
          - { kind: User, name: {{user}}, apiGroup: rbac.authorization.k8s.io }
        """;

    private static string BrokerRole(string name, string verbs) => $$"""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: { name: {{name}}, namespace: team-b }
        rules:
          - { apiGroups: [eventing.knative.dev], resources: [brokers], verbs: [{{verbs}}] }
        """;

    private static async Task MustPutAsync(HttpClient client, string path, string yaml)
    {
        var response = await AuthenticatedMesh.PutYamlAsync(client, path, yaml);
        response.IsSuccessStatusCode.ShouldBeTrue($"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<HttpStatusCode> StatusOfAsync(string path)
    {
        using var response = await _admin.GetAsync(path);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_namespace_admin_cannot_grant_itself_cluster_wide_secrets_access_through_a_cluster_role_binding()
    {
        var response = await AuthenticatedMesh.PutYamlAsync(_alice, ClusterRoleBindingPath("alice-secrets"), ClusterBindUser("alice-secrets", "secrets-reader", "alice"));

        var problem = await AuthenticatedMesh.ProblemAsync(response, 403);
        var detail = (string)problem["detail"]!;
        detail.ShouldStartWith("clusterrolebindings.rbac.authorization.k8s.io \"alice-secrets\" is forbidden: user \"alice\"");
        detail.ShouldContain("attempting to grant RBAC permissions not currently held");
        detail.ShouldContain("{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\"]}");
        ((string)problem["reason"]!).ShouldBe("Forbidden");
        (await StatusOfAsync(ClusterRoleBindingPath("alice-secrets"))).ShouldBe(HttpStatusCode.NotFound, "nothing was stored");
        (await _alice.GetAsync("/api/v1/secrets")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_namespace_admin_may_bind_a_cluster_role_inside_its_namespace_where_it_holds_every_permission()
    {
        await MustPutAsync(_alice, RoleBindingPath("team", "readers"), BindUser("team", "readers", "bob", "ClusterRole", "secrets-reader"));

        (await _bob.GetAsync("/api/v1/namespaces/team/secrets")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_namespace_admin_cannot_write_a_cluster_role_wider_than_what_it_holds_cluster_wide()
    {
        var response = await AuthenticatedMesh.PutYamlAsync(_alice, ClusterRolePath("alice-wide"), ClusterRole("alice-wide", """
              - { apiGroups: [eventing.knative.dev], resources: [brokers], verbs: [get] }
            """));

        var detail = (string)(await AuthenticatedMesh.ProblemAsync(response, 403))["detail"]!;
        detail.ShouldContain("{APIGroups:[\"eventing.knative.dev\"], Resources:[\"brokers\"], Verbs:[\"get\"]}");
        (await StatusOfAsync(ClusterRolePath("alice-wide"))).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_role_with_verbs_the_writer_lacks_is_refused_naming_only_those_and_one_within_its_permissions_is_taken()
    {
        var refused = await AuthenticatedMesh.PutYamlAsync(_bob, RolePath("team-b", "wider"), BrokerRole("wider", "get, delete"));
        var detail = (string)(await AuthenticatedMesh.ProblemAsync(refused, 403))["detail"]!;
        detail.ShouldContain("Verbs:[\"delete\"]");
        detail.ShouldNotContain("Verbs:[\"get\"]", Case.Sensitive, "a permission bob holds is not listed");

        var wildcard = await AuthenticatedMesh.PutYamlAsync(_bob, RolePath("team-b", "star"), BrokerRole("star", "\"*\""));
        await AuthenticatedMesh.ProblemAsync(wildcard, 403);

        await MustPutAsync(_bob, RolePath("team-b", "same"), BrokerRole("same", "get, list"));
        (await StatusOfAsync(RolePath("team-b", "wider"))).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_patch_that_widens_a_role_is_checked_as_a_put_is()
    {
        await MustPutAsync(_bob, RolePath("team-b", "patched"), BrokerRole("patched", "get"));
        var request = new HttpRequestMessage(HttpMethod.Patch, RolePath("team-b", "patched"))
        {
            Content = new StringContent("""[{"op":"add","path":"/rules/0/verbs/-","value":"delete"}]""", Encoding.UTF8, "application/json-patch+json"),
        };

        await AuthenticatedMesh.ProblemAsync(await _bob.SendAsync(request), 403);

        var stored = JsonNode.Parse(await _admin.GetStringAsync(RolePath("team-b", "patched")))!;
        stored["rules"]![0]!["verbs"]!.AsArray().Select(v => (string)v!).ShouldBe(["get"]);
    }

    [Fact]
    public async Task With_bind_on_the_named_cluster_role_the_binding_is_allowed_and_other_roles_stay_refused()
    {
        await MustPutAsync(_admin, ClusterRolePath("binder"), ClusterRole("binder", """
              - { apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind], resourceNames: [secrets-reader] }
            """));
        await MustPutAsync(_admin, ClusterRoleBindingPath("alice-binds"), ClusterBindUser("alice-binds", "binder", "alice"));

        await MustPutAsync(_alice, ClusterRoleBindingPath("bob-secrets"), ClusterBindUser("bob-secrets", "secrets-reader", "bob"));
        (await _bob.GetAsync("/api/v1/secrets")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var other = await AuthenticatedMesh.PutYamlAsync(_alice, ClusterRoleBindingPath("bob-admin"), ClusterBindUser("bob-admin", "ns-admin", "bob"));
        await AuthenticatedMesh.ProblemAsync(other, 403);
    }

    [Fact]
    public async Task With_escalate_a_role_may_grant_more_than_the_writer_holds()
    {
        await MustPutAsync(_admin, RolePath("team-b", "escalator"), """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: { name: escalator, namespace: team-b }
            rules:
              - { apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [escalate] }
            """);
        await MustPutAsync(_admin, RoleBindingPath("team-b", "bob-escalates"), BindUser("team-b", "bob-escalates", "bob", "Role", "escalator"));

        await MustPutAsync(_bob, RolePath("team-b", "wider"), BrokerRole("wider", "get, delete"));
    }

    [Fact]
    public async Task A_binding_to_a_role_that_does_not_exist_is_404_for_a_user_without_bind()
    {
        var response = await AuthenticatedMesh.PutYamlAsync(_alice, ClusterRoleBindingPath("dangling"), ClusterBindUser("dangling", "no-such-role", "bob"));

        ((string)(await AuthenticatedMesh.ProblemAsync(response, 404))["detail"]!).ShouldContain("no-such-role");
    }

    [Fact]
    public async Task Watching_needs_the_watch_verb_and_listing_does_not_grant_it()
    {
        (await _bob.GetAsync("/apis/eventing.knative.dev/v1/namespaces/team-b/brokers")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var denied = await AuthenticatedMesh.ProblemAsync(await _bob.GetAsync("/apis/eventing.knative.dev/v1/namespaces/team-b/brokers?watch=true"), 403);
        ((string)denied["detail"]!).ShouldContain("cannot watch resource \"brokers\"");

        await MustPutAsync(_admin, RolePath("team-b", "watcher"), BrokerRole("watcher", "watch"));
        await MustPutAsync(_admin, RoleBindingPath("team-b", "bob-watches"), BindUser("team-b", "bob-watches", "bob", "Role", "watcher"));
        using var response = await _bob.SendAsync(
            new HttpRequestMessage(HttpMethod.Get, "/apis/eventing.knative.dev/v1/namespaces/team-b/brokers?watch=true&timeoutSeconds=1"),
            HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
