using Mesh.Tests.Operator;

namespace Mesh.Tests.Cli;

/// <summary><c>mesh patch KIND NAME -p PATCH [--type merge|json]</c> against a real mesh, as kubectl patch.</summary>
[Collection(SharedMesh.Name)]
public sealed class PatchCommandTests(MeshFixture fixture)
{
    private readonly MeshHost _mesh = fixture.Mesh;

    private Task<CliResult> RunAsync(params string[] args) => CliRun.RunAsync(args, server: _mesh.BaseAddress.ToString());

    private Task BrokerAsync(string ns) => _mesh.MustApplyAsync($$"""
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: { name: b, namespace: {{ns}}, labels: { team: a } }
        """);

    [Fact]
    public async Task A_merge_patch_is_the_default_and_prints_what_was_patched()
    {
        await BrokerAsync("cli-patch-merge");

        var result = await RunAsync("patch", "broker", "b", "-n", "cli-patch-merge", "-p", """{"metadata":{"labels":{"team":"b"}}}""");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldBe("broker.eventing.knative.dev/b patched\n");
        ((string?)(await _mesh.GetAsync(Resource.Broker("cli-patch-merge", "b")))!["metadata"]!["labels"]!["team"]).ShouldBe("b");
    }

    [Fact]
    public async Task A_json_patch_with_a_failing_test_is_an_error_naming_the_path_and_changes_nothing()
    {
        await BrokerAsync("cli-patch-json");

        var result = await RunAsync("patch", "brokers/b", "-n", "cli-patch-json", "--type", "json",
            "-p", """[{"op":"test","path":"/metadata/labels/team","value":"z"},{"op":"replace","path":"/metadata/labels/team","value":"c"}]""");

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("/metadata/labels/team");
        ((string?)(await _mesh.GetAsync(Resource.Broker("cli-patch-json", "b")))!["metadata"]!["labels"]!["team"]).ShouldBe("a");
    }

    [Fact]
    public async Task Strategic_patches_are_refused_by_the_server_and_a_patch_that_is_not_json_by_the_cli()
    {
        await BrokerAsync("cli-patch-bad");

        var strategic = await RunAsync("patch", "broker", "b", "-n", "cli-patch-bad", "--type", "strategic", "-p", "{}");
        strategic.ExitCode.ShouldBe(1);
        strategic.Error.ShouldContain("application/merge-patch+json");

        var notJson = await RunAsync("patch", "broker", "b", "-n", "cli-patch-bad", "-p", "{labels: x");
        notJson.ExitCode.ShouldBe(1);
        notJson.Error.ShouldContain("--patch is not JSON");
    }
}
