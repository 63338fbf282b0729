using Mesh.Operator.Auth.Rbac;

namespace Mesh.Tests.Operator.Auth;

public sealed class RbacAuthorizerTests
{
    private const string Eventing = "eventing.knative.dev";
    private static readonly MeshUser Alice = MeshUser.Create("alice", "1", ["devs"]);

    private static RbacPolicySnapshot Policy(IEnumerable<RbacRole> roles, params RbacBinding[] bindings) => new(roles, bindings);

    private static RbacBinding Bind(string? ns, string role, string roleKind = "Role", params RbacSubject[] subjects) =>
        new(ns, $"bind-{role}", new RoleRef(roleKind, role), subjects.Length == 0 ? [new RbacSubject(RbacSubject.User, "alice")] : subjects);

    private static bool Allowed(RbacPolicySnapshot policy, AccessRequest request, MeshUser? user = null) =>
        RbacAuthorizer.Authorize(user ?? Alice, request, policy).Allowed;

    private static readonly RbacRole BrokerReader = new("team-a", "broker-reader",
        [PolicyRule.ForResources(["get", "list"], [Eventing], ["brokers"])]);

    public static TheoryData<string, string, string, string, string, bool> RoleBindingCases => new()
    {
        // verb, group, resource, namespace, name, allowed
        { "get", Eventing, "brokers", "team-a", "default", true },
        { "list", Eventing, "brokers", "team-a", "", true },
        { "create", Eventing, "brokers", "team-a", "", false },
        { "get", Eventing, "brokers", "team-b", "default", false },
        { "list", Eventing, "brokers", "", "", false },
        { "get", Eventing, "triggers", "team-a", "t", false },
        { "get", "", "brokers", "team-a", "default", false },
        { "get", "messaging.knative.dev", "brokers", "team-a", "default", false },
    };

    [Theory]
    [MemberData(nameof(RoleBindingCases))]
    public void A_role_binding_grants_its_role_in_its_namespace_only(string verb, string group, string resource, string ns, string name, bool allowed)
    {
        var policy = Policy([BrokerReader], Bind("team-a", "broker-reader"));

        Allowed(policy, AccessRequest.ForResource(verb, group, resource, ns, name)).ShouldBe(allowed);
    }

    [Fact]
    public void A_role_binding_to_a_cluster_role_grants_its_rules_in_the_binding_namespace_only()
    {
        var clusterRole = new RbacRole(null, "editor", [PolicyRule.ForResources(["*"], [Eventing], ["*"])]);
        var policy = Policy([clusterRole], Bind("team-a", "editor", "ClusterRole"));

        Allowed(policy, AccessRequest.ForResource("delete", Eventing, "triggers", "team-a", "t")).ShouldBeTrue();
        Allowed(policy, AccessRequest.ForResource("delete", Eventing, "triggers", "team-b", "t")).ShouldBeFalse();
        Allowed(policy, AccessRequest.ForResource("list", Eventing, "triggers")).ShouldBeFalse("a namespaced grant never covers the cluster scope");
    }

    [Fact]
    public void A_cluster_role_binding_grants_every_namespace_and_the_cluster_scope()
    {
        var clusterRole = new RbacRole(null, "viewer", [PolicyRule.ForResources(["get", "list"], ["*"], ["*"])]);
        var policy = Policy([clusterRole], Bind(null, "viewer", "ClusterRole"));

        Allowed(policy, AccessRequest.ForResource("list", Eventing, "brokers")).ShouldBeTrue();
        Allowed(policy, AccessRequest.ForResource("get", "", "secrets", "anywhere", "s")).ShouldBeTrue();
        Allowed(policy, AccessRequest.ForResource("update", "", "secrets", "anywhere", "s")).ShouldBeFalse();
    }

    [Fact]
    public void A_role_binding_never_reaches_a_role_of_another_namespace()
    {
        var policy = Policy([BrokerReader], Bind("team-b", "broker-reader"));

        Allowed(policy, AccessRequest.ForResource("get", Eventing, "brokers", "team-b", "default")).ShouldBeFalse();
        Allowed(policy, AccessRequest.ForResource("get", Eventing, "brokers", "team-a", "default")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("brokers", "brokers", "", true)]
    [InlineData("brokers", "brokers", "status", false)]
    [InlineData("brokers/status", "brokers", "status", true)]
    [InlineData("brokers/status", "brokers", "", false)]
    [InlineData("*/status", "triggers", "status", true)]
    [InlineData("*/status", "triggers", "", false)]
    [InlineData("*/status", "triggers", "scale", false)]
    [InlineData("*", "triggers", "status", true)]
    public void Subresources_match_as_kubernetes_matches_them(string ruleResource, string resource, string subresource, bool allowed)
    {
        var role = new RbacRole("n", "r", [PolicyRule.ForResources(["get"], [Eventing], [ruleResource])]);
        var policy = Policy([role], Bind("n", "r"));

        Allowed(policy, AccessRequest.ForResource("get", Eventing, resource, "n", "x", subresource)).ShouldBe(allowed);
    }

    [Theory]
    [InlineData("get", "allowed", true)]
    [InlineData("get", "other", false)]
    [InlineData("list", "", false)]
    [InlineData("create", "", false)]
    public void Resource_names_limit_a_rule_to_those_objects(string verb, string name, bool allowed)
    {
        var role = new RbacRole("n", "r", [PolicyRule.ForResources(["get", "list", "create"], [Eventing], ["brokers"], ["allowed"])]);
        var policy = Policy([role], Bind("n", "r"));

        Allowed(policy, AccessRequest.ForResource(verb, Eventing, "brokers", "n", name)).ShouldBe(allowed);
    }

    [Theory]
    [InlineData("/metrics", "/metrics", "get", true)]
    [InlineData("/metrics", "/metrics/extra", "get", false)]
    [InlineData("/dashboard/*", "/dashboard/index.html", "get", true)]
    [InlineData("/dashboard/*", "/dashboardx", "get", false)]
    [InlineData("*", "/anything", "get", true)]
    [InlineData("/metrics", "/metrics", "post", false)]
    public void Non_resource_urls_match_exactly_or_by_a_trailing_star(string ruleUrl, string path, string verb, bool allowed)
    {
        var role = new RbacRole(null, "paths", [PolicyRule.ForPaths(["get"], [ruleUrl])]);
        var policy = Policy([role], Bind(null, "paths", "ClusterRole"));

        Allowed(policy, AccessRequest.ForPath(verb, path)).ShouldBe(allowed);
    }

    [Fact]
    public void Non_resource_urls_granted_through_a_role_binding_do_not_apply()
    {
        var role = new RbacRole(null, "paths", [PolicyRule.ForPaths(["get"], ["/metrics"])]);
        var policy = Policy([role], Bind("n", "paths", "ClusterRole"));

        Allowed(policy, AccessRequest.ForPath("get", "/metrics")).ShouldBeFalse();
    }

    [Fact]
    public void Groups_and_service_accounts_are_subjects_too()
    {
        var policy = Policy([BrokerReader],
            Bind("team-a", "broker-reader", "Role", new RbacSubject(RbacSubject.Group, "devs")),
            new RbacBinding("team-a", "sa", new RoleRef("Role", "broker-reader"), [new RbacSubject(RbacSubject.ServiceAccount, "robot")]));
        var request = AccessRequest.ForResource("get", Eventing, "brokers", "team-a", "default");

        Allowed(policy, request, MeshUser.Create("bob", null, ["devs"])).ShouldBeTrue();
        Allowed(policy, request, MeshUser.Create("carol", null, ["ops"])).ShouldBeFalse();
        Allowed(policy, request, MeshUser.Create("system:serviceaccount:team-a:robot", null, [])).ShouldBeTrue();
        Allowed(policy, request, MeshUser.Create("system:serviceaccount:team-b:robot", null, [])).ShouldBeFalse();
    }

    [Fact]
    public void Members_of_system_masters_may_do_everything_with_no_rbac_object()
    {
        var admin = MeshUser.Create("root", null, [MeshUser.Masters]);

        Allowed(RbacPolicySnapshot.Empty, AccessRequest.ForResource("delete", "rbac.authorization.k8s.io", "clusterroles", "", "x"), admin).ShouldBeTrue();
        Allowed(RbacPolicySnapshot.Empty, AccessRequest.ForPath("get", "/metrics"), admin).ShouldBeTrue();
        Allowed(RbacPolicySnapshot.Empty, AccessRequest.ForPath("get", "/metrics")).ShouldBeFalse();
    }

    [Fact]
    public void Every_authenticated_user_is_in_system_authenticated_and_a_binding_to_it_reaches_them()
    {
        var role = new RbacRole(null, "read", [PolicyRule.ForResources(["list"], [Eventing], ["brokers"])]);
        var policy = Policy([role], Bind(null, "read", "ClusterRole", new RbacSubject(RbacSubject.Group, MeshUser.Authenticated)));

        MeshUser.Create("dave", null, []).Groups.ShouldContain(MeshUser.Authenticated);
        Allowed(policy, AccessRequest.ForResource("list", Eventing, "brokers"), MeshUser.Create("dave", null, [])).ShouldBeTrue();
        Allowed(policy, AccessRequest.ForResource("list", Eventing, "brokers"), MeshUser.AnonymousUser).ShouldBeFalse();
    }

    [Fact]
    public void A_binding_to_a_missing_role_grants_nothing_and_the_reason_names_the_binding_that_allowed()
    {
        var policy = Policy([BrokerReader], Bind("team-a", "missing"), Bind("team-a", "broker-reader"));

        var decision = RbacAuthorizer.Authorize(Alice, AccessRequest.ForResource("get", Eventing, "brokers", "team-a", "b"), policy);

        decision.Allowed.ShouldBeTrue();
        decision.Reason.ShouldBe("RBAC: allowed by RoleBinding \"bind-broker-reader\" in namespace \"team-a\" of Role \"broker-reader\" to User \"alice\"");
        Allowed(Policy([], Bind("team-a", "missing")), AccessRequest.ForResource("get", Eventing, "brokers", "team-a", "b")).ShouldBeFalse();
    }
}
