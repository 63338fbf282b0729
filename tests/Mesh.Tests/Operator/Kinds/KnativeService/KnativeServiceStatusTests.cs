using System.Net;
using System.Net.Http.Json;
using Mesh.Tests.Deploy;

namespace Mesh.Tests.Operator.Kinds.KnativeService;

/// <summary>
/// Local mode: a Knative Service is stored, not run; its address and readiness are written through
/// /status, and refs to it (the seed's GitHubSource sample, a trigger) resolve through it.
/// </summary>
public sealed class KnativeServiceStatusTests : IAsyncLifetime
{
    private const string Services = "/apis/serving.knative.dev/v1/namespaces/default/services";
    private MeshHost _mesh = null!;

    public async Task InitializeAsync() => _mesh = await MeshHost.StartAsync();

    public async Task DisposeAsync() => await _mesh.DisposeAsync();

    [Fact]
    public async Task The_seeds_sample_waits_for_the_local_Service_to_be_ready_and_then_has_its_sink()
    {
        const string source = "/apis/sources.knative.dev/v1alpha1/namespaces/default/githubsources/githubsourcesample";
        var sample = await File.ReadAllTextAsync(DeployFiles.Full("samples/github-to-service.yaml"));
        await _mesh.MustApplyAsync(sample);
        var missing = await _mesh.WaitConditionAsync(source, "SinkProvided", "False", "NotFound");
        ((string?)Resource.Condition(missing, "SinkProvided")!["message"] ?? "").ShouldContain("github-message-dumper");

        await _mesh.MustApplyAsync(Service("github-message-dumper"));
        await _mesh.WaitConditionAsync(source, "SinkProvided", "False", "NotAddressable");
        (await PutStatusAsync("github-message-dumper", NotReady("RevisionMissing", "not deployed yet"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var notReady = await _mesh.WaitConditionAsync(source, "SinkProvided", "False", "NotReady");
        ((string?)Resource.Condition(notReady, "SinkProvided")!["message"] ?? "").ShouldContain("not deployed yet");

        (await PutStatusAsync("github-message-dumper", ReadyAt("http://127.0.0.1:8080/"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var provided = await _mesh.WaitConditionAsync(source, "SinkProvided", "True");
        ((string?)provided["status"]!["sinkUri"]).ShouldBe("http://127.0.0.1:8080/");
    }

    [Fact]
    public async Task A_trigger_to_a_ready_local_Service_delivers_there_and_a_reapplied_spec_keeps_the_status()
    {
        await using var dumper = await RecordingSubscriber.StartAsync();
        await _mesh.MustApplyAsync(Service("dumper"));
        (await PutStatusAsync("dumper", ReadyAt(dumper.Url.ToString()))).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Applying the spec again (as kubectl apply does) leaves the status written through /status alone.
        await _mesh.MustApplyAsync(Service("dumper", image: "event-display:v2"));
        await _mesh.MustApplyAsync("apiVersion: eventing.knative.dev/v1\nkind: Broker\nmetadata: { name: default, namespace: default }\n");
        await _mesh.MustApplyAsync("""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: to-dumper, namespace: default }
            spec:
              broker: default
              subscriber: { ref: { apiVersion: serving.knative.dev/v1, kind: Service, name: dumper } }
            """);
        var trigger = await _mesh.WaitReadyAsync(Resource.Trigger("default", "to-dumper"));
        ((string?)trigger["status"]!["subscriberUri"]).ShouldBe(dumper.Url.ToString());

        (await _mesh.SendEventAsync("default", "default", "e1")).ShouldBe(202);
        await dumper.WaitForCountAsync(1);
        dumper.Received[0].Ce("id").ShouldBe("e1");
    }

    [Fact]
    public async Task A_status_with_a_relative_url_or_a_bad_condition_is_refused_naming_the_field_and_changes_nothing()
    {
        await _mesh.MustApplyAsync(Service("strict"));
        (await PutStatusAsync("strict", ReadyAt("http://127.0.0.1:9/"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var response = await PutStatusAsync("strict", new JsonObject
        {
            ["address"] = new JsonObject { ["url"] = "/relative" },
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "Yes" }),
        });

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = await response.Content.ReadAsStringAsync();
        problem.ShouldContain("status.address.url");
        problem.ShouldContain("status.conditions[0].status");
        var stored = await _mesh.GetAsync($"{Services}/strict");
        ((string?)stored!["status"]!["address"]!["url"]).ShouldBe("http://127.0.0.1:9/");
    }

    [Fact]
    public async Task The_status_of_the_meshs_own_kinds_and_of_a_missing_Service_cannot_be_written()
    {
        await _mesh.MustApplyAsync("apiVersion: eventing.knative.dev/v1\nkind: Broker\nmetadata: { name: own, namespace: default }\n");
        var own = await _mesh.Http.PutAsJsonAsync($"{Resource.Broker("default", "own")}/status", Body(ReadyAt("http://127.0.0.1:9/")));
        own.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await own.Content.ReadAsStringAsync()).ShouldContain("brokers/status is written by the mesh alone");

        (await PutStatusAsync("absent", ReadyAt("http://127.0.0.1:9/"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _mesh.GetAsync($"{Services}/absent")).ShouldBeNull();
    }

    private static string Service(string name, string image = "event-display") => $$"""
        apiVersion: serving.knative.dev/v1
        kind: Service
        metadata: { name: {{name}}, namespace: default }
        spec: { template: { spec: { containers: [{ image: "{{image}}" }] } } }
        """;

    private Task<HttpResponseMessage> PutStatusAsync(string name, JsonObject status) =>
        _mesh.Http.PutAsJsonAsync($"{Services}/{name}/status", Body(status, name));

    private static JsonObject Body(JsonObject status, string name = "x") => new()
    {
        ["apiVersion"] = "serving.knative.dev/v1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["status"] = status,
    };

    private static JsonObject ReadyAt(string url) => new()
    {
        ["address"] = new JsonObject { ["url"] = url },
        ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
    };

    private static JsonObject NotReady(string reason, string message) => new()
    {
        ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "False", ["reason"] = reason, ["message"] = message }),
    };
}
