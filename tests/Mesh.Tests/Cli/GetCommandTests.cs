using Mesh.Cli.Client;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Tests.Cli;

public sealed class GetCommandTests : IAsyncLifetime
{
    private FakeMeshServer server = null!;

    public async Task InitializeAsync()
    {
        server = await FakeMeshServer.StartAsync();
        server.Seed("brokers", Broker("default", "default", "True", "BrokerReady", FakeMeshServer.Created.AddSeconds(-5)));
        server.Seed("brokers", Broker("slow", "default", "False", "IngressNotReady", FakeMeshServer.Created.AddHours(-2)));
        server.Seed("brokers", Broker("other", "team-a", "True", "Ready", FakeMeshServer.Created.AddDays(-4)));
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    internal static JsonObject Broker(string name, string ns, string ready, string reason, DateTimeOffset created) => new()
    {
        ["apiVersion"] = "eventing.knative.dev/v1",
        ["kind"] = "Broker",
        ["metadata"] = new JsonObject
        {
            ["name"] = name, ["namespace"] = ns, ["generation"] = 1,
            ["creationTimestamp"] = created.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
        },
        ["spec"] = new JsonObject(),
        ["status"] = new JsonObject
        {
            ["observedGeneration"] = 1,
            ["address"] = new JsonObject { ["url"] = $"http://localhost:8080/{ns}/{name}" },
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready, ["reason"] = reason }),
        },
    };

    [Fact]
    public async Task The_table_shows_url_ready_reason_and_age_in_aligned_columns()
    {
        var result = await CliRun.RunAsync(server, "get", "brokers");

        result.ExitCode.ShouldBe(0);
        result.Lines.Length.ShouldBe(3);
        var header = result.Lines[0];
        header.Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["NAME", "URL", "READY", "REASON", "AGE"]);
        result.Lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .ShouldBe(["default", "http://localhost:8080/default/default", "True", "BrokerReady", "5s"]);
        result.Lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .ShouldBe(["slow", "http://localhost:8080/default/slow", "False", "IngressNotReady", "2h"]);
        result.Lines[2].IndexOf("False").ShouldBe(header.IndexOf("READY"));
        result.Lines[2].IndexOf("2h").ShouldBe(header.IndexOf("AGE"));
    }

    [Theory]
    [InlineData("broker")]
    [InlineData("Broker")]
    [InlineData("BROKERS")]
    [InlineData("brokers.eventing.knative.dev")]
    public async Task A_kind_is_found_by_plural_singular_or_kind_in_any_case(string kind)
    {
        var result = await CliRun.RunAsync(server, "get", kind, "-A");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Lines[0].ShouldStartWith("NAMESPACE");
        result.Lines.Length.ShouldBe(4);
        result.Out.ShouldContain("4d");
    }

    [Fact]
    public async Task A_short_name_resolves_and_an_empty_list_says_so()
    {
        var result = await CliRun.RunAsync(server, "get", "ch", "-n", "team-a");

        result.ExitCode.ShouldBe(0);
        result.Out.ShouldBeEmpty();
        result.Error.ShouldBe("No resources found in team-a namespace.\n");
    }

    [Fact]
    public async Task Json_output_is_the_object_as_served()
    {
        var result = await CliRun.RunAsync(server, "get", "broker", "slow", "-o", "json");

        result.ExitCode.ShouldBe(0);
        var body = JsonNode.Parse(result.Out)!;
        body.At("metadata", "name").Str().ShouldBe("slow");
        body.Condition("Ready").At("reason").Str().ShouldBe("IngressNotReady");
    }

    [Fact]
    public async Task Yaml_output_of_a_list_reads_back_as_the_same_json()
    {
        var json = await CliRun.RunAsync(server, "get", "brokers", "-o", "json");
        var yaml = await CliRun.RunAsync(server, "get", "brokers", "-o", "yaml");

        var fromYaml = Mesh.Declarations.DocumentReader.ReadYaml(yaml.Out).Single();
        JsonNode.DeepEquals(fromYaml, JsonNode.Parse(json.Out)).ShouldBeTrue(yaml.Out);
    }

    [Fact]
    public async Task A_missing_object_is_an_error_with_exit_code_1()
    {
        var result = await CliRun.RunAsync(server, "get", "broker", "nope");

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldBe("error: broker.eventing.knative.dev \"nope\" not found\n");
    }

    [Fact]
    public async Task An_unknown_kind_says_the_server_does_not_have_it()
    {
        var result = await CliRun.RunAsync(server, "get", "widgets");

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldBe("error: the server doesn't have a resource type \"widgets\"\n");
    }
}
