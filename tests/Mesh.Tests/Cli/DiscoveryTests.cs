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
}
