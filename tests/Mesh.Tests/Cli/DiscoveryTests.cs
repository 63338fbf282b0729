using Mesh.Operator.Kinds;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Tests.Cli;

/// <summary>The CLI keeps no list of kinds: it learns them from the mesh's discovery, so it names every kind the mesh registers.</summary>
[Collection(SharedMesh.Name)]
public sealed class DiscoveryTests(MeshFixture fixture)
{
    private readonly MeshHost _mesh = fixture.Mesh;

    [Fact]
    public async Task Every_kind_the_mesh_serves_can_be_named_by_plural_kind_and_short_name()
    {
        var kinds = _mesh.Services.GetRequiredService<KindRegistry>().All.Select(k => k.Kind).ToList();
        kinds.Count.ShouldBeGreaterThanOrEqualTo(10);
        foreach (var kind in kinds)
            foreach (var name in new[] { kind.Plural, kind.Kind }.Concat(kind.ShortNames))
            {
                var result = await CliRun.RunAsync(["get", name, "-A", "-o", "json", "--server", _mesh.BaseAddress.ToString()]);
                result.ExitCode.ShouldBe(0, $"mesh get {name}: {result.Error}");
                JsonNode.Parse(result.Out)!["kind"]!.GetValue<string>().ShouldBe(kind.Kind + "List");
            }
    }

    [Fact]
    public async Task A_kind_the_mesh_does_not_serve_is_an_error_naming_it()
    {
        var result = await CliRun.RunAsync(["get", "widgets", "--server", _mesh.BaseAddress.ToString()]);
        result.ExitCode.ShouldNotBe(0);
        result.Error.ShouldContain("the server doesn't have a resource type \"widgets\"");
    }

    [Fact]
    public async Task The_url_column_is_shown_for_the_kinds_the_server_calls_addressable()
    {
        await _mesh.MustApplyAsync("apiVersion: eventing.knative.dev/v1\nkind: Broker\nmetadata: { name: b, namespace: cli-columns }\n");
        await _mesh.MustApplyAsync("""
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: { name: t, namespace: cli-columns }
            spec: { broker: b, subscriber: { uri: "http://127.0.0.1:9/" } }
            """);

        var brokers = await CliRun.RunAsync(["get", "brokers", "-n", "cli-columns", "--server", _mesh.BaseAddress.ToString()]);
        var triggers = await CliRun.RunAsync(["get", "triggers", "-n", "cli-columns", "--server", _mesh.BaseAddress.ToString()]);

        brokers.Lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["NAME", "URL", "READY", "REASON", "AGE"]);
        triggers.Lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["NAME", "READY", "REASON", "AGE"]);
    }
}
