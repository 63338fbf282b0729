using System.Net;

namespace Mesh.Tests.Operator.Api;

[Collection(SharedMesh.Name)]
public sealed class InvalidDeclarationTests(MeshFixture fixture)
{
    private readonly MeshHost _mesh = fixture.Mesh;

    private static string TriggerYaml(string ns, string name, string spec) => $"""
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {"{"} name: {name}, namespace: {ns} {"}"}
        spec:
        {spec}
        """;

    /// <summary>Applies an invalid trigger and checks the problem names the field and that nothing was stored.</summary>
    private async Task<JsonObject> RefusedAsync(string ns, string spec, string field, int status = 422)
    {
        var response = await _mesh.ApplyAsync(TriggerYaml(ns, "t", spec));
        var problem = await ProblemAsync(response, status);
        FieldsOf(problem).ShouldContain(field);
        (await _mesh.Http.GetAsync(Resource.Trigger(ns, "t"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        return problem;
    }

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(status, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonNode.Parse(text)!.AsObject();
        ((int)problem["status"]!).ShouldBe(status);
        ((string?)problem["title"]).ShouldNotBeNullOrEmpty();
        return problem;
    }

    private static string?[] FieldsOf(JsonObject problem) =>
        [.. (problem["errors"] as JsonArray ?? []).Select(e => (string?)e!["field"])];

    [Fact]
    public async Task An_unknown_plural_answers_404()
    {
        var response = await _mesh.PutAsync($"{Resource.Eventing}/namespaces/inv-plural/widgets/w", """
            apiVersion: eventing.knative.dev/v1
            kind: Widget
            metadata: { name: w }
            """, "application/yaml");
        await ProblemAsync(response, 404);
        (await _mesh.Http.GetAsync($"{Resource.Eventing}/namespaces/inv-plural/widgets")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_body_whose_kind_disagrees_with_the_path_is_refused()
    {
        var response = await _mesh.PutAsync(Resource.Broker("inv-kind", "x"), """
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: x }
            spec: { broker: default, subscriber: { uri: "http://s/" } }
            """, "application/yaml");
        FieldsOf(await ProblemAsync(response, 422)).ShouldContain("kind");
        (await _mesh.Http.GetAsync(Resource.Broker("inv-kind", "x"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _mesh.Http.GetAsync(Resource.Trigger("inv-kind", "x"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_body_whose_apiVersion_disagrees_with_the_path_is_refused()
    {
        var response = await _mesh.PutAsync(Resource.Broker("inv-version", "b"), """
            apiVersion: eventing.knative.dev/v1beta1
            kind: Broker
            metadata: { name: b }
            """, "application/yaml");
        FieldsOf(await ProblemAsync(response, 422)).ShouldBe(["apiVersion"]);
        (await _mesh.Http.GetAsync(Resource.Broker("inv-version", "b"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_body_without_a_kind_is_refused()
    {
        var response = await _mesh.PutAsync(Resource.Broker("inv-nokind", "b"), """{"apiVersion": "eventing.knative.dev/v1", "metadata": {"name": "b"}}""", "application/json");
        FieldsOf(await ProblemAsync(response, 422)).ShouldBe(["kind"]);
    }

    [Fact]
    public async Task A_namespace_that_is_not_a_DNS_label_is_refused()
    {
        var response = await _mesh.PutAsync(Resource.Broker("Bad_Namespace", "b"), "apiVersion: eventing.knative.dev/v1\nkind: Broker\n", "application/yaml");
        FieldsOf(await ProblemAsync(response, 422)).ShouldBe(["metadata.namespace"]);
    }

    [Fact]
    public async Task Json_with_a_duplicate_key_answers_400()
    {
        var response = await _mesh.PutAsync(Resource.Broker("inv-jsondup", "b"),
            """{"apiVersion": "eventing.knative.dev/v1", "kind": "Broker", "kind": "Broker", "metadata": {"name": "b"}}""", "application/json");
        await ProblemAsync(response, 400);
    }

    [Fact]
    public async Task A_body_whose_name_or_namespace_disagrees_with_the_path_is_refused()
    {
        var response = await _mesh.PutAsync(Resource.Broker("inv-ident", "x"), """
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: y, namespace: elsewhere }
            """, "application/yaml");
        FieldsOf(await ProblemAsync(response, 422)).ShouldBe(["metadata.name", "metadata.namespace"], ignoreOrder: true);
        (await _mesh.Http.GetAsync(Resource.Broker("inv-ident", "x"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_trigger_without_a_subscriber_is_refused() =>
        await RefusedAsync("inv-nosub", "  broker: default", "spec.subscriber");

    [Fact]
    public async Task A_trigger_without_a_broker_is_refused() =>
        await RefusedAsync("inv-nobroker", "  subscriber: { uri: \"http://s/\" }", "spec.broker");

    [Fact]
    public async Task A_relative_subscriber_uri_without_a_ref_is_refused() =>
        await RefusedAsync("inv-reluri", "  broker: default\n  subscriber: { uri: relative/path }", "spec.subscriber.uri");

    [Fact]
    public async Task A_bad_filter_attribute_name_is_refused()
    {
        var problem = await RefusedAsync("inv-filterkey", """
              broker: default
              subscriber: { uri: "http://s/" }
              filter: { attributes: { Bad-Key: x } }
            """, "spec.filter.attributes.Bad-Key");
        ((string?)problem["detail"] ?? "").ShouldContain("spec.filter.attributes.Bad-Key");
    }

    [Fact]
    public async Task An_unknown_filters_dialect_is_refused() =>
        await RefusedAsync("inv-dialect", """
              broker: default
              subscriber: { uri: "http://s/" }
              filters: [ { regex: { type: x } } ]
            """, "spec.filters[0]");

    [Fact]
    public async Task A_cesql_filter_that_does_not_parse_is_refused_with_its_position()
    {
        var problem = await RefusedAsync("inv-cesql", """
              broker: default
              subscriber: { uri: "http://s/" }
              filters: [ { cesql: "type = 'a' AND" } ]
            """, "spec.filters[0].cesql");
        ((string?)problem["detail"] ?? "").ShouldContain("position");
    }

    [Fact]
    public async Task A_duration_that_is_not_ISO_8601_is_refused() =>
        await RefusedAsync("inv-duration", """
              broker: default
              subscriber: { uri: "http://s/" }
              delivery: { backoffDelay: 1s }
            """, "spec.delivery.backoffDelay");

    [Fact]
    public async Task An_unknown_backoff_policy_is_refused() =>
        await RefusedAsync("inv-policy", """
              broker: default
              subscriber: { uri: "http://s/" }
              delivery: { backoffPolicy: fibonacci }
            """, "spec.delivery.backoffPolicy");

    [Fact]
    public async Task A_negative_retry_is_refused() =>
        await RefusedAsync("inv-retry", """
              broker: default
              subscriber: { uri: "http://s/" }
              delivery: { retry: -1 }
            """, "spec.delivery.retry");

    [Fact]
    public async Task A_broker_with_a_bad_delivery_block_is_refused()
    {
        var response = await _mesh.ApplyAsync("""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: b, namespace: inv-broker }
            spec: { delivery: { backoffDelay: "1s", deadLetterSink: { uri: "not/absolute" } } }
            """);
        FieldsOf(await ProblemAsync(response, 422)).ShouldBe(["spec.delivery.backoffDelay", "spec.delivery.deadLetterSink.uri"], ignoreOrder: true);
        (await _mesh.Http.GetAsync(Resource.Broker("inv-broker", "b"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Changing_a_triggers_broker_is_refused_and_the_trigger_is_unchanged()
    {
        await _mesh.MustApplyAsync(TriggerYaml("inv-immutable", "t", "  broker: first\n  subscriber: { uri: \"http://s/\" }"));
        var before = await _mesh.GetAsync(Resource.Trigger("inv-immutable", "t"));

        var response = await _mesh.ApplyAsync(TriggerYaml("inv-immutable", "t", "  broker: second\n  subscriber: { uri: \"http://s/\" }"));

        FieldsOf(await ProblemAsync(response, 422)).ShouldBe(["spec.broker"]);
        var after = await _mesh.GetAsync(Resource.Trigger("inv-immutable", "t"));
        ((string?)after!["spec"]!["broker"]).ShouldBe("first");
        ((long)after["metadata"]!["generation"]!).ShouldBe((long)before!["metadata"]!["generation"]!);
    }

    [Fact]
    public async Task Malformed_yaml_answers_400()
    {
        var response = await _mesh.PutAsync(Resource.Broker("inv-yaml", "b"), "apiVersion: [eventing\nkind: {", "application/yaml");
        await ProblemAsync(response, 400);
        (await _mesh.Http.GetAsync(Resource.Broker("inv-yaml", "b"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Malformed_json_answers_400()
    {
        var response = await _mesh.PutAsync(Resource.Broker("inv-json", "b"), """{"apiVersion": "eventing.knative.dev/v1", """, "application/json");
        await ProblemAsync(response, 400);
    }

    [Fact]
    public async Task Yaml_with_a_non_scalar_key_answers_400()
    {
        var response = await _mesh.PutAsync(Resource.Broker("inv-complexkey", "b"), "apiVersion: eventing.knative.dev/v1\nkind: Broker\n? [a, b]\n: c\n", "application/yaml");
        await ProblemAsync(response, 400);
    }

    [Fact]
    public async Task Yaml_with_a_duplicate_key_answers_400()
    {
        var response = await _mesh.PutAsync(Resource.Broker("inv-dupkey", "b"), """
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            kind: Broker
            metadata: { name: b }
            """, "application/yaml");
        await ProblemAsync(response, 400);
    }

    [Fact]
    public async Task A_body_that_is_not_an_object_answers_400()
    {
        await ProblemAsync(await _mesh.PutAsync(Resource.Broker("inv-scalar", "b"), "- a\n- b\n", "application/yaml"), 400);
        await ProblemAsync(await _mesh.PutAsync(Resource.Broker("inv-scalar", "b"), "[1, 2]", "application/json"), 400);
        await ProblemAsync(await _mesh.PutAsync(Resource.Broker("inv-scalar", "b"), "", "application/yaml"), 400);
    }

    [Fact]
    public async Task A_multi_document_body_answers_400_and_stores_neither()
    {
        var response = await _mesh.PutAsync(Resource.Broker("inv-multi", "a"), """
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: a }
            ---
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: b }
            """, "application/yaml");
        await ProblemAsync(response, 400);
        (await _mesh.Http.GetAsync(Resource.Broker("inv-multi", "a"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _mesh.Http.GetAsync(Resource.Broker("inv-multi", "b"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("under_score")]
    [InlineData("-leading")]
    [InlineData("trailing-")]
    public async Task A_name_that_is_not_a_DNS_label_is_refused(string name)
    {
        var response = await _mesh.PutAsync(Resource.Broker("inv-dns", name), $"""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: {"{"} name: {name} {"}"}
            """, "application/yaml");
        FieldsOf(await ProblemAsync(response, 422)).ShouldContain("metadata.name");
        (await _mesh.Http.GetAsync(Resource.Broker("inv-dns", name))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_name_longer_than_63_characters_is_refused()
    {
        var name = new string('a', 64);
        var response = await _mesh.PutAsync(Resource.Broker("inv-long", name), "apiVersion: eventing.knative.dev/v1\nkind: Broker\n", "application/yaml");
        FieldsOf(await ProblemAsync(response, 422)).ShouldContain("metadata.name");
    }

    [Fact]
    public async Task An_invalid_replacement_leaves_the_stored_object_unchanged()
    {
        const string good = """
              broker: default
              subscriber: { uri: "http://s/" }
            """;
        var stored = await _mesh.MustApplyAsync(TriggerYaml("inv-keep", "t", good));
        var response = await _mesh.ApplyAsync(TriggerYaml("inv-keep", "t", good + "\n  delivery: { retry: -3 }"));
        await ProblemAsync(response, 422);
        var after = await _mesh.GetAsync(Resource.Trigger("inv-keep", "t"));
        after!["spec"]!.ToJsonString().ShouldBe(stored["spec"]!.ToJsonString());
        ((long)after["metadata"]!["generation"]!).ShouldBe(1);
    }
}
