using CsCheck;
using Mesh.Operator.Auth.Rbac;

namespace Mesh.Tests.Operator.Auth;

/// <summary>
/// The authorizer against an oracle that expands every granted rule into the explicit set of
/// (namespace, verb, group, resource, name) tuples of a small universe and looks the request up.
/// </summary>
public sealed class RbacAuthorizerPropertyTests
{
    internal static readonly string[] Namespaces = ["n1", "n2"];
    internal static readonly string[] Verbs = ["get", "list", "create", "delete"];
    internal static readonly string[] Groups = ["", "g"];
    internal static readonly string[] Resources = ["brokers", "brokers/status", "triggers", "triggers/status"];
    internal static readonly string[] Names = ["", "a", "b"];
    private static readonly string[] Users = ["u1", "u2"];
    private static readonly string[] UserGroups = ["x", "y"];

    private static Gen<string[]> SomeOf(string[] values, params string[] wildcards) =>
        Gen.OneOf([.. values, .. wildcards]).Array[1, 3].Select(a => a.Distinct().ToArray());

    internal static readonly Gen<PolicyRule> Rule =
        Gen.Select(SomeOf(Verbs, "*"), SomeOf(Groups, "*"), SomeOf(Resources, "*", "*/status"), Gen.Bool,
            SomeOf(["a", "b"]), (verbs, groups, resources, named, names) => PolicyRule.ForResources(verbs, groups, resources, named ? names : []));

    internal static readonly Gen<RbacRole> Role =
        Gen.Select(Gen.OneOf<string?>(null, "n1", "n2"), Gen.OneOf("r1", "r2"), Rule.Array[0, 3],
            (ns, name, rules) => new RbacRole(ns, name, rules));

    private static readonly Gen<RbacSubject> Subject = Gen.OneOf(
        Gen.OneOf(Users).Select(u => new RbacSubject(RbacSubject.User, u)),
        Gen.OneOf(UserGroups).Select(g => new RbacSubject(RbacSubject.Group, g)));

    internal static readonly Gen<RbacBinding> Binding =
        Gen.Select(Gen.OneOf<string?>(null, "n1", "n2"), Gen.OneOf("Role", "ClusterRole"), Gen.OneOf("r1", "r2"), Subject.Array[1, 2], Gen.Int[0, 1000],
            (ns, kind, role, subjects, id) => new RbacBinding(ns, $"b{id}", new RoleRef(ns is null ? "ClusterRole" : kind, role), subjects));

    internal static readonly Gen<AccessRequest> Request =
        Gen.Select(Gen.OneOf(Verbs), Gen.OneOf(Groups), Gen.OneOf(Resources), Gen.OneOf(["", .. Namespaces]), Gen.OneOf(Names),
            (verb, group, resource, ns, name) =>
            {
                var slash = resource.IndexOf('/');
                return AccessRequest.ForResource(verb, group, slash < 0 ? resource : resource[..slash], ns, name, slash < 0 ? "" : resource[(slash + 1)..]);
            });

    internal static readonly Gen<MeshUser> User =
        Gen.Select(Gen.OneOf(Users), SomeOf(UserGroups), (name, groups) => MeshUser.Create(name, null, groups));

    [Fact]
    public void The_authorizer_agrees_with_an_oracle_that_expands_every_grant()
    {
        Gen.Select(Role.Array[0, 5], Binding.Array[0, 5], User, Request).Sample((roles, bindings, user, request) =>
        {
            var expected = Oracle(roles, bindings, user).Contains((request.Namespace, request.Verb, request.ApiGroup, request.CombinedResource, request.Name));
            var actual = RbacAuthorizer.Authorize(user, request, new RbacPolicySnapshot(roles, bindings)).Allowed;
            return actual == expected;
        }, iter: 3000);
    }

    private static HashSet<(string, string, string, string, string)> Oracle(RbacRole[] roles, RbacBinding[] bindings, MeshUser user)
    {
        var granted = new HashSet<(string, string, string, string, string)>();
        foreach (var binding in bindings)
        {
            if (!binding.Subjects.Any(s => s.Kind == RbacSubject.User ? s.Name == user.Name : user.Groups.Contains(s.Name))) continue;
            // The last role declared under a name wins, as when a store holds one object per name.
            var role = roles.LastOrDefault(r => r.Name == binding.RoleRef.Name
                && (binding.RoleRef.Kind == "ClusterRole" ? r.Namespace is null : r.Namespace == binding.Namespace));
            if (role is null) continue;
            string[] scopes = binding.Namespace is null ? ["", .. Namespaces] : [binding.Namespace];
            foreach (var rule in role.Rules)
                foreach (var ns in scopes)
                    foreach (var verb in Verbs.Where(v => rule.Verbs.Contains("*") || rule.Verbs.Contains(v)))
                        foreach (var group in Groups.Where(g => rule.ApiGroups.Contains("*") || rule.ApiGroups.Contains(g)))
                            foreach (var resource in Resources.Where(r => rule.Resources.Contains("*") || rule.Resources.Contains(r)
                                || (r.EndsWith("/status") && rule.Resources.Contains("*/status"))))
                                foreach (var name in Names.Where(n => rule.ResourceNames.Count == 0 || rule.ResourceNames.Contains(n)))
                                    granted.Add((ns, verb, group, resource, name));
        }
        return granted;
    }
}
