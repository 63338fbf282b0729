using System.Net;

namespace Mesh.Tests.Sources.Ping;

[Collection(SharedMesh.Name)]
public sealed class PingSourceValidationTests(MeshFixture fixture)
{
    private readonly MeshHost _mesh = fixture.Mesh;

    [Theory]
    [InlineData("schedule: \"@every 1m\"", "spec.schedule")]
    [InlineData("schedule: \"* * *\"", "spec.schedule")]
    [InlineData("schedule: \"* * * * *\"\n  timezone: Nowhere/Special", "spec.timezone")]
    [InlineData("schedule: \"* * * * *\"\n  data: x\n  dataBase64: eA==", "spec.dataBase64")]
    [InlineData("schedule: \"* * * * *\"\n  dataBase64: \"not base64!\"", "spec.dataBase64")]
    [InlineData("schedule: \"* * * * *\"\n  contentType: application/json\n  data: \"[1, 2]\"", "spec.data")]
    [InlineData("schedule: \"* * * * *\"\n  contentType: application/json\n  data: \"{ broken\"", "spec.data")]
    [InlineData("schedule: \"* * * * *\"\n  ceOverrides: { extensions: { Bad-Name: x } }", "spec.ceOverrides.extensions.Bad-Name")]
    [InlineData("schedule: \"* * * * *\"\n  delivery: { retry: -1 }", "spec.delivery.retry")]
    public async Task Invalid_PingSource_is_refused_with_422_naming_the_field(string specLines, string field)
    {
        var response = await _mesh.ApplyAsync($"""
            apiVersion: sources.knative.dev/v1
            kind: PingSource
            metadata: {"{"} name: bad, namespace: ping {"}"}
            spec:
              {specLines}
              sink: {"{"} uri: "http://127.0.0.1:1/" {"}"}
            """);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, body);
        var fields = JsonNode.Parse(body)!["errors"]!.AsArray().Select(e => (string?)e!["field"]);
        Assert.Contains(field, fields);
    }

    [Fact]
    public async Task PingSource_without_sink_is_refused()
    {
        var response = await _mesh.ApplyAsync("""
            apiVersion: sources.knative.dev/v1
            kind: PingSource
            metadata: { name: nosink, namespace: ping }
            spec: { schedule: "* * * * *" }
            """);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("spec.sink", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PingSource_becomes_Ready_when_its_sink_broker_appears()
    {
        await _mesh.MustApplyAsync("""
            apiVersion: sources.knative.dev/v1
            kind: PingSource
            metadata: { name: waits, namespace: ping }
            spec:
              schedule: "0 0 1 1 *"
              sink: { ref: { apiVersion: eventing.knative.dev/v1, kind: Broker, name: later } }
            """);
        var pending = await _mesh.WaitReadyAsync("/apis/sources.knative.dev/v1/namespaces/ping/pingsources/waits", "False");
        Assert.Contains("SinkProvided", pending.ToJsonString());
        await _mesh.MustApplyAsync("""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: later, namespace: ping }
            """);
        var ready = await _mesh.WaitReadyAsync("/apis/sources.knative.dev/v1/namespaces/ping/pingsources/waits");
        Assert.EndsWith("/ping/later", (string?)ready["status"]!["sinkUri"]);
        Assert.Equal("dev.knative.sources.ping", (string?)ready["status"]!["ceAttributes"]![0]!["type"]);
        Assert.Equal("/apis/v1/namespaces/ping/pingsources/waits", (string?)ready["status"]!["ceAttributes"]![0]!["source"]);
    }

    [Fact]
    public async Task A_PingSource_without_a_schedule_ticks_every_minute_as_Knatives_default()
    {
        var stored = await _mesh.MustApplyAsync("""
            apiVersion: sources.knative.dev/v1
            kind: PingSource
            metadata: { name: every-minute, namespace: ping-default }
            spec: { sink: { uri: "http://127.0.0.1:9/" } }
            """);

        Assert.Equal("* * * * *", (string?)stored["spec"]!["schedule"]);
        await _mesh.WaitReadyAsync("/apis/sources.knative.dev/v1/namespaces/ping-default/pingsources/every-minute");
    }
}
