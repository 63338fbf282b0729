using CsCheck;
using Mesh.Operator.Auth.Rbac;
using static Mesh.Tests.Operator.Auth.RbacAuthorizerPropertyTests;

namespace Mesh.Tests.Operator.Auth;

/// <summary>The escalation check against the authorizer, over random policies, users and roles.</summary>
public sealed class RbacEscalationPropertyTests
{
    private static IEnumerable<AccessRequest> Universe(string @namespace) =>
        from verb in Verbs
        from g in Groups
        from resource in Resources
        from name in Names
        let slash = resource.IndexOf('/')
        select AccessRequest.ForResource(verb, g, slash < 0 ? resource : resource[..slash], @namespace, name, slash < 0 ? "" : resource[(slash + 1)..]);

    [Fact]
    public void A_role_the_check_lets_through_grants_nothing_the_writer_could_not_already_do_where_it_applies()
    {
        Gen.Select(Role.Array[0, 5], Binding.Array[0, 5], User, Rule.Array[1, 3], Gen.OneOf<string?>(null, "n1")).Sample((roles, bindings, user, rules, ns) =>
        {
            var policy = new RbacPolicySnapshot(roles, bindings);
            if (RbacEscalation.NotHeld(user, rules, ns, policy) is not { Count: 0 }) return true;
            // A ClusterRole may be bound anywhere; a Role only in its namespace.
            string[] where = ns is null ? ["", .. Namespaces] : [ns];
            return where.SelectMany(Universe).All(request =>
                !rules.Any(rule => RuleMatching.Allows(rule, request)) || RbacAuthorizer.Authorize(user, request, policy).Allowed);
        }, iter: 2000);
    }

    [Fact]
    public void Whoever_holds_a_cluster_role_through_a_cluster_binding_may_grant_its_rules_again()
    {
        Gen.Select(Role.Array[0, 5], Binding.Array[0, 5], User, Rule.Array[1, 3]).Sample((roles, bindings, user, rules) =>
        {
            var own = new RbacRole(null, "own", rules);
            var grant = new RbacBinding(null, "own-binding", new RoleRef("ClusterRole", "own"), [new RbacSubject(RbacSubject.User, user.Name)]);
            var policy = new RbacPolicySnapshot([.. roles, own], [.. bindings, grant]);
            return RbacEscalation.NotHeld(user, rules, null, policy) is { Count: 0 }
                && RbacEscalation.NotHeld(user, rules, "n1", policy) is { Count: 0 };
        }, iter: 2000);
    }
}
