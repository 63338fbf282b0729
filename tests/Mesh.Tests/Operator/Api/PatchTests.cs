using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Tests.Operator.Api;

/// <summary>PATCH on the resource API as kubectl sends it: JSON merge patch and JSON patch, admitted as a PUT is.</summary>
[Collection(SharedMesh.Name)]
public sealed class PatchTests(MeshFixture fixture)
{
    private readonly MeshHost _mesh = fixture.Mesh;

    private Task<HttpResponseMessage> PatchAsync(string path, string body, string contentType)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return _mesh.Http.SendAsync(request);
    }

    private async Task<JsonObject> TriggerAsync(string ns, string name)
    {
        await _mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: {{name}}, namespace: {{ns}}, labels: { team: a, tier: web } }
            spec:
              broker: default
              filter: { attributes: { type: dev.mesh.one, source: /s } }
              subscriber: { uri: "http://127.0.0.1:9/sink" }
            """);
        return (await _mesh.GetAsync(Resource.Trigger(ns, name)))!;
    }

    private static async Task<JsonObject> BodyAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    [Fact]
    public async Task A_merge_patch_changes_the_named_fields_removes_nulls_and_keeps_the_rest()
    {
        await TriggerAsync("patch-merge", "t");

        var patched = await BodyAsync(await PatchAsync(Resource.Trigger("patch-merge", "t"),
            """{"metadata":{"labels":{"tier":null,"owner":"ops"}},"spec":{"filter":{"attributes":{"type":"dev.mesh.two","source":null}}}}""",
            "application/merge-patch+json"), HttpStatusCode.OK);

        var stored = (await _mesh.GetAsync(Resource.Trigger("patch-merge", "t")))!;
        foreach (var obj in new[] { patched, stored })
        {
            ((string?)obj["spec"]!["filter"]!["attributes"]!["type"]).ShouldBe("dev.mesh.two");
            obj["spec"]!["filter"]!["attributes"]!.AsObject().ContainsKey("source").ShouldBeFalse();
            ((string?)obj["spec"]!["subscriber"]!["uri"]).ShouldBe("http://127.0.0.1:9/sink", "fields the patch does not name stay");
            ((string?)obj["metadata"]!["labels"]!["team"]).ShouldBe("a");
            ((string?)obj["metadata"]!["labels"]!["owner"]).ShouldBe("ops");
            obj["metadata"]!["labels"]!.AsObject().ContainsKey("tier").ShouldBeFalse();
            ((long)obj["metadata"]!["generation"]!).ShouldBe(2);
        }
    }

    [Fact]
    public async Task A_json_patch_applies_add_remove_replace_move_copy_and_test_in_order()
    {
        await TriggerAsync("patch-json", "t");

        var patched = await BodyAsync(await PatchAsync(Resource.Trigger("patch-json", "t"), """
            [
              {"op":"test","path":"/spec/filter/attributes/type","value":"dev.mesh.one"},
              {"op":"replace","path":"/spec/filter/attributes/type","value":"dev.mesh.replaced"},
              {"op":"add","path":"/metadata/annotations","value":{"note":"x"}},
              {"op":"copy","from":"/metadata/labels/team","path":"/metadata/labels/copied"},
              {"op":"move","from":"/metadata/labels/tier","path":"/metadata/labels/moved"},
              {"op":"remove","path":"/spec/filter/attributes/source"}
            ]
            """, "application/json-patch+json"), HttpStatusCode.OK);

        ((string?)patched["spec"]!["filter"]!["attributes"]!["type"]).ShouldBe("dev.mesh.replaced");
        patched["spec"]!["filter"]!["attributes"]!.AsObject().ContainsKey("source").ShouldBeFalse();
        ((string?)patched["metadata"]!["annotations"]!["note"]).ShouldBe("x");
        ((string?)patched["metadata"]!["labels"]!["copied"]).ShouldBe("a");
        ((string?)patched["metadata"]!["labels"]!["moved"]).ShouldBe("web");
        patched["metadata"]!["labels"]!.AsObject().ContainsKey("tier").ShouldBeFalse();
    }

    [Fact]
    public async Task A_failing_test_operation_is_422_and_changes_nothing_not_even_the_operations_before_it()
    {
        var before = await TriggerAsync("patch-test", "t");

        var problem = await BodyAsync(await PatchAsync(Resource.Trigger("patch-test", "t"), """
            [
              {"op":"replace","path":"/spec/subscriber/uri","value":"http://127.0.0.1:9/other"},
              {"op":"test","path":"/spec/filter/attributes/type","value":"dev.mesh.wrong"}
            ]
            """, "application/json-patch+json"), HttpStatusCode.UnprocessableEntity);
        ((string)problem["detail"]!).ShouldContain("/spec/filter/attributes/type");

        var after = (await _mesh.GetAsync(Resource.Trigger("patch-test", "t")))!;
        JsonNode.DeepEquals(after["spec"], before["spec"]).ShouldBeTrue();
        ((long)after["metadata"]!["generation"]!).ShouldBe(1);
    }

    [Fact]
    public async Task A_patched_object_goes_through_admission_so_invalid_and_immutable_changes_are_refused()
    {
        await TriggerAsync("patch-admit", "t");

        var invalid = await BodyAsync(await PatchAsync(Resource.Trigger("patch-admit", "t"),
            """{"spec":{"subscriber":{"uri":null}}}""", "application/merge-patch+json"), HttpStatusCode.UnprocessableEntity);
        ((string)invalid["detail"]!).ShouldContain("spec.subscriber");

        var immutable = await BodyAsync(await PatchAsync(Resource.Trigger("patch-admit", "t"),
            """[{"op":"replace","path":"/spec/broker","value":"other"}]""", "application/json-patch+json"), HttpStatusCode.UnprocessableEntity);
        ((string)immutable["detail"]!).ShouldContain("spec.broker");

        var renamed = await BodyAsync(await PatchAsync(Resource.Trigger("patch-admit", "t"),
            """{"metadata":{"name":"elsewhere"}}""", "application/merge-patch+json"), HttpStatusCode.UnprocessableEntity);
        ((string)renamed["detail"]!).ShouldContain("metadata.name");

        var stored = (await _mesh.GetAsync(Resource.Trigger("patch-admit", "t")))!;
        ((string?)stored["spec"]!["broker"]).ShouldBe("default");
        ((string?)stored["spec"]!["subscriber"]!["uri"]).ShouldBe("http://127.0.0.1:9/sink");
    }

    [Fact]
    public async Task Defaults_are_filled_in_after_a_patch_as_after_a_put()
    {
        await _mesh.MustApplyAsync("""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: b, namespace: patch-defaults }
            """);

        var patched = await BodyAsync(await PatchAsync(Resource.Broker("patch-defaults", "b"),
            """{"metadata":{"annotations":null}}""", "application/merge-patch+json"), HttpStatusCode.OK);

        ((string?)patched["metadata"]!["annotations"]!["eventing.knative.dev/broker.class"]).ShouldBe("Mesh", "the class annotation is defaulted again");
    }

    [Fact]
    public async Task Strategic_merge_patch_and_unknown_types_are_415_naming_the_supported_types()
    {
        await TriggerAsync("patch-415", "t");
        foreach (var type in new[] { "application/strategic-merge-patch+json", "application/apply-patch+yaml", "application/json" })
        {
            var problem = await BodyAsync(await PatchAsync(Resource.Trigger("patch-415", "t"), """{"spec":{}}""", type), HttpStatusCode.UnsupportedMediaType);
            ((string)problem["detail"]!).ShouldContain("application/json-patch+json");
            ((string)problem["detail"]!).ShouldContain("application/merge-patch+json");
        }
    }

    [Fact]
    public async Task Malformed_patches_are_400_a_path_that_is_not_there_is_422_and_a_missing_object_is_404()
    {
        await TriggerAsync("patch-bad", "t");
        var path = Resource.Trigger("patch-bad", "t");

        (await PatchAsync(path, "{not json", "application/merge-patch+json")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await PatchAsync(path, "[1,2]", "application/merge-patch+json")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await PatchAsync(path, """{"op":"add"}""", "application/json-patch+json")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await PatchAsync(path, """[{"op":"jump","path":"/spec"}]""", "application/json-patch+json")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await PatchAsync(path, """[{"op":"add","path":"spec","value":1}]""", "application/json-patch+json")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await PatchAsync(path, """[{"op":"remove","path":"/spec/nothing/here"}]""", "application/json-patch+json")).StatusCode
            .ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await PatchAsync(path, """[{"op":"add","path":"/metadata/labels/x/y","value":1}]""", "application/json-patch+json")).StatusCode
            .ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await PatchAsync(Resource.Trigger("patch-bad", "missing"), """{"spec":{}}""", "application/merge-patch+json")).StatusCode
            .ShouldBe(HttpStatusCode.NotFound);
        (await _mesh.GetAsync(Resource.Trigger("patch-bad", "missing"))).ShouldBeNull("a patch never creates");
    }

    [Fact]
    public async Task Every_write_changes_the_resource_version_and_a_patch_naming_a_stale_one_is_409()
    {
        // A Role: nothing else writes it (no status), so the versions seen here are this test's alone.
        const string path = "/apis/rbac.authorization.k8s.io/v1/namespaces/patch-version/roles/r";
        var created = await _mesh.MustApplyAsync("""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: { name: r, namespace: patch-version }
            rules: [{ apiGroups: [""], resources: [secrets], verbs: [get] }]
            """);
        var first = (string)created["metadata"]!["resourceVersion"]!;

        var patched = await BodyAsync(await PatchAsync(path,
            $$$$"""{"metadata":{"resourceVersion":"{{{{first}}}}","labels":{"v":"2"}}}""", "application/merge-patch+json"), HttpStatusCode.OK);
        var second = (string)patched["metadata"]!["resourceVersion"]!;
        second.ShouldNotBe(first);

        var conflict = await BodyAsync(await PatchAsync(path,
            $$$$"""{"metadata":{"resourceVersion":"{{{{first}}}}","labels":{"v":"3"}}}""", "application/merge-patch+json"), HttpStatusCode.Conflict);
        ((string)conflict["reason"]!).ShouldBe("Conflict");
        ((string?)(await _mesh.GetAsync(path))!["metadata"]!["labels"]!["v"]).ShouldBe("2");

        (await _mesh.PutAsync(path, created.ToJsonString(), "application/json")).StatusCode.ShouldBe(HttpStatusCode.Conflict,
            "a PUT naming an old version is refused too");
        (await _mesh.PutAsync(path, patched.ToJsonString(), "application/json")).StatusCode.ShouldBe(HttpStatusCode.OK,
            "one naming the current version is taken");
    }

    [Fact]
    public async Task Patching_one_key_of_a_secret_keeps_the_others_and_answers_no_values_and_a_test_of_a_value_is_refused()
    {
        await _mesh.MustApplyAsync("""
            apiVersion: v1
            kind: Secret
            metadata: { name: s, namespace: patch-secret }
            stringData: { user: alice, password: hunter2 }
            """);
        var path = "/api/v1/namespaces/patch-secret/secrets/s";

        var patched = await BodyAsync(await PatchAsync(path, """{"stringData":{"password":"correct-horse"}}""", "application/merge-patch+json"), HttpStatusCode.OK);
        patched.ToJsonString().ShouldNotContain(Convert.ToBase64String("correct-horse"u8.ToArray()));
        ((string?)patched["data"]!["user"]).ShouldBe("");

        var secrets = _mesh.Services.GetRequiredService<Mesh.Operator.Store.DeclarationStore>();
        var stored = (await secrets.GetAsync(new Mesh.Operator.Resources.ObjectKey(Mesh.Operator.Kinds.Secret.SecretKind.Resource, "patch-secret", "s")))!;
        ((string?)stored.Spec["data"]!["user"]).ShouldBe(Convert.ToBase64String("alice"u8.ToArray()));
        ((string?)stored.Spec["data"]!["password"]).ShouldBe(Convert.ToBase64String("correct-horse"u8.ToArray()));

        var guess = $$"""[{"op":"test","path":"/data/password","value":"{{Convert.ToBase64String("correct-horse"u8.ToArray())}}"}]""";
        (await PatchAsync(path, guess, "application/json-patch+json")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task The_status_of_a_stored_only_kind_can_be_patched_and_the_mesh_kinds_status_cannot()
    {
        await _mesh.MustApplyAsync("""
            apiVersion: serving.knative.dev/v1
            kind: Service
            metadata: { name: svc, namespace: patch-status }
            spec: {}
            """);
        var path = "/apis/serving.knative.dev/v1/namespaces/patch-status/services/svc/status";

        var patched = await BodyAsync(await PatchAsync(path,
            """{"status":{"address":{"url":"http://127.0.0.1:9/"},"conditions":[{"type":"Ready","status":"True"}]}}""", "application/merge-patch+json"),
            HttpStatusCode.OK);
        ((string?)patched["status"]!["address"]!["url"]).ShouldBe("http://127.0.0.1:9/");

        (await PatchAsync(path, """{"status":{"address":{"url":"ftp://x"}}}""", "application/merge-patch+json")).StatusCode
            .ShouldBe(HttpStatusCode.UnprocessableEntity);
        await TriggerAsync("patch-status", "t");
        (await PatchAsync(Resource.Trigger("patch-status", "t") + "/status", """{"status":{}}""", "application/merge-patch+json")).StatusCode
            .ShouldBe(HttpStatusCode.NotFound);
    }
}
