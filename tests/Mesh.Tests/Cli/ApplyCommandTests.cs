using Mesh.Cli.Client;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mesh.Tests.Cli;

public sealed class ApplyCommandTests : IAsyncLifetime
{
    private const string BrokerAndTrigger = """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata:
          name: default
        spec:
          delivery:
            retry: 5
            backoffPolicy: exponential
            backoffDelay: "PT0.2S"
        ---
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata:
          name: orders
          labels: {team: "42"}
        spec:
          broker: default
          filter:
            attributes: {type: dev.mesh.order, count: "5"}
          subscriber: {uri: "http://localhost:9000/", ref: null}
          enabled: true
          ratio: 0.5
          tags: [a, 7, false]
        """;

    private const string Channel = """
        apiVersion: messaging.knative.dev/v1
        kind: Channel
        metadata: {name: orders-ch, namespace: team-a}
        spec: {}
        """;

    private readonly string directory = Directory.CreateTempSubdirectory("mesh-cli-").FullName;
    private FakeMeshServer server = null!;

    public async Task InitializeAsync() => server = await FakeMeshServer.StartAsync();

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Applying_a_directory_creates_every_document_in_file_order()
    {
        File.WriteAllText(Path.Combine(directory, "10-broker.yaml"), BrokerAndTrigger);
        File.WriteAllText(Path.Combine(directory, "20-channel.yml"), Channel);
        File.WriteAllText(Path.Combine(directory, "notes.txt"), "not a manifest");

        var result = await CliRun.RunAsync(server, "apply", "-f", directory);

        result.Error.ShouldBeEmpty();
        result.ExitCode.ShouldBe(0);
        result.Lines.ShouldBe([
            "broker.eventing.knative.dev/default created",
            "trigger.eventing.knative.dev/orders created",
            "channel.messaging.knative.dev/orders-ch created",
        ]);
        server.Puts.Select(p => p.Path).ShouldBe([
            "/apis/eventing.knative.dev/v1/namespaces/default/brokers/default",
            "/apis/eventing.knative.dev/v1/namespaces/default/triggers/orders",
            "/apis/messaging.knative.dev/v1/namespaces/team-a/channels/orders-ch",
        ]);
    }

    [Fact]
    public async Task Put_bodies_are_the_yaml_as_json_with_numbers_booleans_and_nulls_kept()
    {
        File.WriteAllText(Path.Combine(directory, "trigger.yaml"), BrokerAndTrigger);

        await CliRun.RunAsync(server, "apply", "-f", directory);

        var trigger = server.Puts.ElementAt(1).Body;
        JsonNode.DeepEquals(trigger, JsonNode.Parse("""
            {"apiVersion":"eventing.knative.dev/v1","kind":"Trigger",
             "metadata":{"name":"orders","labels":{"team":"42"}},
             "spec":{"broker":"default","filter":{"attributes":{"type":"dev.mesh.order","count":"5"}},
                     "subscriber":{"uri":"http://localhost:9000/","ref":null},
                     "enabled":true,"ratio":0.5,"tags":["a",7,false]}}
            """)).ShouldBeTrue(trigger!.ToJsonString());
        server.Puts.First().Body.At("spec", "delivery", "retry")!.GetValueKind().ShouldBe(JsonValueKind.Number);
        server.Puts.First().Body.At("spec", "delivery", "backoffDelay")!.GetValueKind().ShouldBe(JsonValueKind.String);
    }

    [Fact]
    public async Task Applying_again_says_unchanged_and_a_changed_spec_says_configured()
    {
        var file = Path.Combine(directory, "broker.yaml");
        File.WriteAllText(file, BrokerAndTrigger);
        await CliRun.RunAsync(server, "apply", "-f", file);

        var again = await CliRun.RunAsync(server, "apply", "-f", file);
        File.WriteAllText(file, BrokerAndTrigger.Replace("retry: 5", "retry: 6"));
        var changed = await CliRun.RunAsync(server, "apply", "-f", file);

        again.Lines.ShouldBe(["broker.eventing.knative.dev/default unchanged", "trigger.eventing.knative.dev/orders unchanged"]);
        changed.Lines.ShouldBe(["broker.eventing.knative.dev/default configured", "trigger.eventing.knative.dev/orders unchanged"]);
    }

    [Fact]
    public async Task An_invalid_document_prints_the_problem_and_its_fields_applies_the_rest_and_exits_1()
    {
        const string yaml = """
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: {name: broken}
            ---
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: {name: fine}
            spec: {}
            """;

        var result = await CliRun.RunAsync(["apply", "-f", "-", "--server", server.Address.ToString()], stdin: yaml);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldBe("error: trigger.eventing.knative.dev/broken: spec: spec is required\n  spec: spec is required\n");
        result.Lines.ShouldBe(["broker.eventing.knative.dev/fine created"]);
    }

    [Fact]
    public async Task A_secret_goes_to_the_core_api_even_without_core_discovery_and_n_sets_the_namespace()
    {
        const string yaml = "apiVersion: v1\nkind: Secret\nmetadata: {name: github}\nstringData: {token: abc}\n";

        var result = await CliRun.RunAsync(["apply", "-f", "-", "-n", "team-b", "--server", server.Address.ToString()], stdin: yaml);

        result.Lines.ShouldBe(["secret/github created"]);
        server.Puts.Single().Path.ShouldBe("/api/v1/namespaces/team-b/secrets/github");
    }

    [Fact]
    public async Task A_kind_the_server_does_not_serve_is_reported_by_name()
    {
        const string yaml = "apiVersion: eventing.knative.dev/v1\nkind: Widget\nmetadata: {name: w}\nspec: {}\n";

        var result = await CliRun.RunAsync(["apply", "-f", "-", "--server", server.Address.ToString()], stdin: yaml);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldBe("error: Widget/w: the server doesn't have a resource type \"Widget\" in eventing.knative.dev/v1\n");
    }

    [Fact]
    public async Task Unparsable_yaml_names_the_file_and_exits_1()
    {
        var file = Path.Combine(directory, "bad.yaml");
        File.WriteAllText(file, "kind: [unclosed\n");

        var result = await CliRun.RunAsync(server, "apply", "-f", file);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldStartWith($"error: {file}: ");
    }
}
