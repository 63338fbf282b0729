using Mesh.Operator.Kinds.ApiServerSource;
using Mesh.Operator.Resources;

namespace Mesh.Tests.Operator.Kinds.ApiServerSource;

public sealed class ApiServerSourceDeclarationTests
{
    private static (ApiServerSourceDeclaration? Spec, FieldErrors Errors) Parse(string yaml)
    {
        var spec = Mesh.Declarations.DocumentReader.ReadYaml(yaml)[0]!.AsObject();
        var errors = new FieldErrors();
        return (ApiServerSourceDeclaration.Parse(new FieldReader(spec, "spec", errors), new JsonObject { ["namespace"] = "ns" }), errors);
    }

    [Theory]
    [InlineData("sink: { uri: \"http://127.0.0.1:1/\" }", "spec.resources")]
    [InlineData("resources: []\nsink: { uri: \"http://127.0.0.1:1/\" }", "spec.resources")]
    [InlineData("resources: [{ kind: ConfigMap }]\nsink: { uri: \"http://127.0.0.1:1/\" }", "spec.resources[0].apiVersion")]
    [InlineData("resources: [{ apiVersion: v1, kind: ConfigMap, selector: { matchExpressions: [{ key: a, operator: Near }] } }]\nsink: { uri: \"http://127.0.0.1:1/\" }", "spec.resources[0].selector.matchExpressions[0].operator")]
    [InlineData("resources: [{ apiVersion: v1, kind: ConfigMap }]\nmode: Ref\nsink: { uri: \"http://127.0.0.1:1/\" }", "spec.mode")]
    [InlineData("resources: [{ apiVersion: v1, kind: ConfigMap }]\nnamespaceSelector: { matchLabels: { a: b } }\nsink: { uri: \"http://127.0.0.1:1/\" }", "spec.namespaceSelector")]
    [InlineData("resources: [{ apiVersion: v1, kind: ConfigMap }]", "spec.sink")]
    public void An_invalid_spec_is_refused_naming_the_field(string yaml, string field)
    {
        var (spec, errors) = Parse(yaml);

        spec.ShouldBeNull();
        errors.Items.Select(e => e.Field).ShouldContain(field);
    }

    [Fact]
    public void A_selector_becomes_the_API_servers_label_selector_query()
    {
        var (spec, errors) = Parse("""
            resources:
              - apiVersion: v1
                kind: ConfigMap
                selector:
                  matchLabels: { app: web }
                  matchExpressions:
                    - { key: tier, operator: In, values: [a, b] }
                    - { key: old, operator: DoesNotExist }
                    - { key: env, operator: NotIn, values: [dev] }
                    - { key: owner, operator: Exists }
            sink: { uri: "http://127.0.0.1:1/" }
            """);

        errors.Any.ShouldBeFalse();
        spec!.Resources.Single().Selector!.ToQuery().ShouldBe("app=web,tier in (a,b),!old,env notin (dev),owner");
        spec.Mode.ShouldBe("Reference");
        spec.ServiceAccountName.ShouldBe("default");
    }

    [Fact]
    public void The_owner_filter_matches_owner_references_by_apiVersion_and_kind()
    {
        var owned = JsonNode.Parse("""{"metadata":{"ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"r"}]}}""")!.AsObject();

        new ApiServerOwner("apps/v1", "ReplicaSet").Owns(owned).ShouldBeTrue();
        new ApiServerOwner(null, "ReplicaSet").Owns(owned).ShouldBeTrue();
        new ApiServerOwner("apps/v1", "Deployment").Owns(owned).ShouldBeFalse();
        new ApiServerOwner("apps/v1", null).Owns(new JsonObject { ["metadata"] = new JsonObject() }).ShouldBeFalse();
    }
}
