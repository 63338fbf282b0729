using System.Net;

namespace Mesh.Tests.Operator.Api;

[Collection(SharedMesh.Name)]
public sealed class ResourceApiTests(MeshFixture fixture)
{
    private readonly MeshHost _mesh = fixture.Mesh;

    private static string BrokerYaml(string ns, string name, string extra = "") => $"""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata:
          name: {name}
          namespace: {ns}
        {extra}
        """;

    [Fact]
    public async Task Putting_yaml_creates_with_201_then_replaces_with_200()
    {
        var first = await _mesh.PutAsync(Resource.Broker("api-yaml", "b"), BrokerYaml("api-yaml", "b"), "application/yaml");
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        var second = await _mesh.PutAsync(Resource.Broker("api-yaml", "b"), BrokerYaml("api-yaml", "b", "spec: { delivery: { retry: 2 } }"), "application/yaml");
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = JsonNode.Parse(await second.Content.ReadAsStringAsync())!;
        ((long)body["metadata"]!["generation"]!).ShouldBe(2);
        ((long)body["spec"]!["delivery"]!["retry"]!).ShouldBe(2);
    }

    [Fact]
    public async Task Putting_json_creates_with_201_then_replaces_with_200()
    {
        const string json = """{"apiVersion":"eventing.knative.dev/v1","kind":"Broker","metadata":{"name":"b","namespace":"api-json"},"spec":{}}""";
        var first = await _mesh.PutAsync(Resource.Broker("api-json", "b"), json, "application/json");
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        first.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var second = await _mesh.PutAsync(Resource.Broker("api-json", "b"), json.Replace("\"spec\":{}", "\"spec\":{\"delivery\":{\"retry\":1}}"), "application/json");
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_namespace_missing_from_the_body_is_taken_from_the_path()
    {
        var response = await _mesh.PutAsync(Resource.Broker("api-nsless", "b"), """
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: b }
            """, "application/yaml");
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var stored = await _mesh.GetAsync(Resource.Broker("api-nsless", "b"));
        ((string?)stored!["metadata"]!["namespace"]).ShouldBe("api-nsless");
    }

    [Fact]
    public async Task A_broker_reports_ready_conditions_observed_generation_and_its_ingress_address()
    {
        await _mesh.MustApplyAsync(BrokerYaml("api-status", "default"));
        var broker = await _mesh.WaitReadyAsync(Resource.Broker("api-status", "default"));

        ((string?)broker["apiVersion"]).ShouldBe("eventing.knative.dev/v1");
        ((string?)broker["kind"]).ShouldBe("Broker");
        var metadata = broker["metadata"]!;
        ((string?)metadata["uid"]).ShouldNotBeNullOrEmpty();
        ((string?)metadata["creationTimestamp"]).ShouldNotBeNullOrEmpty();
        ((long)metadata["generation"]!).ShouldBe(1);
        ((long)broker["status"]!["observedGeneration"]!).ShouldBe(1);
        var expected = _mesh.BaseAddress.ToString().TrimEnd('/') + "/api-status/default";
        ((string?)broker["status"]!["address"]!["url"]).ShouldBe(expected);
        foreach (var condition in broker["status"]!["conditions"]!.AsArray())
        {
            ((string?)condition!["status"]).ShouldBe("True");
            ((string?)condition["lastTransitionTime"]).ShouldNotBeNullOrEmpty();
        }
        (await _mesh.SendEventAsync("api-status", "default", "e-1")).ShouldBe(202);
    }

    [Fact]
    public async Task A_trigger_reports_its_subscriber_and_dead_letter_sink_uris()
    {
        await _mesh.MustApplyAsync(BrokerYaml("api-trigger", "default"));
        await _mesh.MustApplyAsync("""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: t, namespace: api-trigger }
            spec:
              broker: default
              subscriber: { uri: "http://subscriber.example/in" }
              delivery:
                deadLetterSink: { uri: "http://dead.example/letters" }
            """);
        var trigger = await _mesh.WaitReadyAsync(Resource.Trigger("api-trigger", "t"));
        ((string?)trigger["status"]!["subscriberUri"]).ShouldBe("http://subscriber.example/in");
        ((string?)trigger["status"]!["deadLetterSinkUri"]).ShouldBe("http://dead.example/letters");
        ((long)trigger["status"]!["observedGeneration"]!).ShouldBe(1);
        Resource.ConditionStatus(trigger, "BrokerReady").ShouldBe("True");
        Resource.ConditionStatus(trigger, "SubscriberResolved").ShouldBe("True");
        Resource.ConditionStatus(trigger, "DeadLetterSinkResolved").ShouldBe("True");
    }

    [Fact]
    public async Task Listing_answers_items_in_one_namespace_or_across_namespaces()
    {
        await _mesh.MustApplyAsync(BrokerYaml("api-list-a", "one"));
        await _mesh.MustApplyAsync(BrokerYaml("api-list-a", "two"));
        await _mesh.MustApplyAsync(BrokerYaml("api-list-b", "three"));

        var inA = await _mesh.GetAsync($"{Resource.Eventing}/namespaces/api-list-a/brokers");
        ((string?)inA!["kind"]).ShouldBe("BrokerList");
        ((string?)inA["apiVersion"]).ShouldBe("eventing.knative.dev/v1");
        Names(inA).ShouldBe(["api-list-a/one", "api-list-a/two"], ignoreOrder: true);

        var all = await _mesh.GetAsync($"{Resource.Eventing}/brokers");
        Names(all!).ShouldContain("api-list-a/one");
        Names(all!).ShouldContain("api-list-a/two");
        Names(all!).ShouldContain("api-list-b/three");

        var empty = await _mesh.GetAsync($"{Resource.Eventing}/namespaces/api-list-none/brokers");
        empty!["items"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Deleting_answers_the_last_object_then_the_object_is_gone()
    {
        await _mesh.MustApplyAsync(BrokerYaml("api-delete", "b"));
        var deleted = await _mesh.Http.DeleteAsync(Resource.Broker("api-delete", "b"));
        deleted.StatusCode.ShouldBe(HttpStatusCode.OK);
        ((string?)JsonNode.Parse(await deleted.Content.ReadAsStringAsync())!["metadata"]!["name"]).ShouldBe("b");

        (await _mesh.Http.GetAsync(Resource.Broker("api-delete", "b"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _mesh.Http.DeleteAsync(Resource.Broker("api-delete", "b"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        Names((await _mesh.GetAsync($"{Resource.Eventing}/namespaces/api-delete/brokers"))!).ShouldBeEmpty();
    }

    [Fact]
    public async Task Deleting_then_recreating_starts_again_at_generation_one()
    {
        await _mesh.MustApplyAsync(BrokerYaml("api-recreate", "b", "spec: { delivery: { retry: 1 } }"));
        await _mesh.MustApplyAsync(BrokerYaml("api-recreate", "b", "spec: { delivery: { retry: 2 } }"));
        (await _mesh.Http.DeleteAsync(Resource.Broker("api-recreate", "b"))).EnsureSuccessStatusCode();
        var again = await _mesh.ApplyAsync(BrokerYaml("api-recreate", "b"));
        again.StatusCode.ShouldBe(HttpStatusCode.Created);
        ((long)JsonNode.Parse(await again.Content.ReadAsStringAsync())!["metadata"]!["generation"]!).ShouldBe(1);
    }

    [Fact]
    public async Task Applying_the_same_yaml_twice_keeps_the_generation()
    {
        var yaml = BrokerYaml("api-same", "b", """
            spec:
              delivery: { retry: 3, backoffDelay: PT0.5S, backoffPolicy: linear }
            """);
        var first = await _mesh.MustApplyAsync(yaml);
        var before = await _mesh.WaitReadyAsync(Resource.Broker("api-same", "b"));
        var second = await _mesh.MustApplyAsync(yaml);

        ((long)second["metadata"]!["generation"]!).ShouldBe(1);
        ((string?)second["metadata"]!["uid"]).ShouldBe((string?)first["metadata"]!["uid"]);
        var after = await _mesh.GetAsync(Resource.Broker("api-same", "b"));
        after!["status"]!.ToJsonString().ShouldBe(before["status"]!.ToJsonString());
    }

    [Fact]
    public async Task Changing_only_labels_keeps_the_generation()
    {
        await _mesh.MustApplyAsync(BrokerYaml("api-labels", "b"));
        var relabelled = await _mesh.MustApplyAsync("""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata:
              name: b
              namespace: api-labels
              labels: { team: blue }
              annotations: { note: hello }
            """);
        ((long)relabelled["metadata"]!["generation"]!).ShouldBe(1);
        ((string?)relabelled["metadata"]!["labels"]!["team"]).ShouldBe("blue");
        ((string?)relabelled["metadata"]!["annotations"]!["note"]).ShouldBe("hello");
    }

    [Fact]
    public async Task Changing_the_spec_bumps_the_generation_and_the_observed_generation_follows()
    {
        await _mesh.MustApplyAsync(BrokerYaml("api-bump", "b"));
        var changed = await _mesh.MustApplyAsync(BrokerYaml("api-bump", "b", "spec: { delivery: { retry: 5 } }"));
        ((long)changed["metadata"]!["generation"]!).ShouldBe(2);
        ((long)changed["status"]!["observedGeneration"]!).ShouldBe(2);
    }

    [Fact]
    public async Task Discovery_lists_the_eventing_group()
    {
        var groups = await _mesh.GetAsync("/apis");
        ((string?)groups!["kind"]).ShouldBe("APIGroupList");
        var eventing = groups["groups"]!.AsArray().Single(g => (string?)g!["name"] == "eventing.knative.dev")!;
        eventing["versions"]!.AsArray().Select(v => (string?)v!["groupVersion"]).ShouldContain("eventing.knative.dev/v1");
        ((string?)eventing["preferredVersion"]!["version"]).ShouldBe("v1");
    }

    [Fact]
    public async Task Discovery_lists_brokers_and_triggers_with_short_names_and_categories()
    {
        var list = await _mesh.GetAsync(Resource.Eventing);
        ((string?)list!["kind"]).ShouldBe("APIResourceList");
        ((string?)list["groupVersion"]).ShouldBe("eventing.knative.dev/v1");
        var resources = list["resources"]!.AsArray().OfType<JsonObject>().ToDictionary(r => (string)r["name"]!);
        resources.Keys.ShouldBe(["brokers", "triggers"], ignoreOrder: true);
        ((string?)resources["brokers"]["kind"]).ShouldBe("Broker");
        ((string?)resources["brokers"]["singularName"]).ShouldBe("broker");
        ((bool)resources["brokers"]["namespaced"]!).ShouldBeTrue();
        resources["triggers"]["shortNames"]!.AsArray().Select(s => (string?)s).ShouldBe(["kt"]);
        resources["triggers"]["categories"]!.AsArray().Select(s => (string?)s).ShouldBe(["all", "knative", "eventing"]);
    }

    [Fact]
    public async Task Discovery_of_an_unknown_group_version_answers_404()
    {
        (await _mesh.Http.GetAsync("/apis/eventing.knative.dev/v9")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static string[] Names(JsonObject list) =>
        [.. list["items"]!.AsArray().Select(i => $"{i!["metadata"]!["namespace"]}/{i["metadata"]!["name"]}")];
}
