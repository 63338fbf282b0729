using System.Diagnostics;
using System.Net;
using System.Text;

namespace Mesh.Tests.Operator.Api;

/// <summary>Bodies built to hurt are refused with a clear answer, quickly, and the mesh carries on.</summary>
[Collection(SharedMesh.Name)]
public sealed class HostileBodyTests(MeshFixture fixture)
{
    private readonly MeshHost _mesh = fixture.Mesh;

    [Fact]
    public async Task A_yaml_alias_bomb_is_refused_with_400_naming_the_limit_and_nothing_is_stored()
    {
        var bomb = new StringBuilder("apiVersion: eventing.knative.dev/v1\nkind: Broker\nmetadata: { name: bomb }\n");
        bomb.Append("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 'b'; level <= 'i'; level++)
            bomb.Append($"{level}: &{level} [{string.Join(",", Enumerable.Repeat($"*{(char)(level - 1)}", 9))}]\n");
        var clock = Stopwatch.StartNew();

        var response = await _mesh.PutAsync(Resource.Broker("hostile-bomb", "bomb"), bomb.ToString(), "application/yaml");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        ((string)problem["detail"]!).ShouldContain("the limit");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        (await _mesh.Http.GetAsync(Resource.Broker("hostile-bomb", "bomb"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("application/yaml")]
    [InlineData("application/json")]
    public async Task A_400_KB_body_of_nesting_is_refused_with_400_and_the_mesh_keeps_serving(string contentType)
    {
        var nested = new string('[', 400_000);

        var response = await _mesh.PutAsync(Resource.Broker("hostile-deep", "deep"), nested, contentType);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        ((string)problem["detail"]!).ShouldContain("deeper than 64 levels");
        await _mesh.MustApplyAsync("apiVersion: eventing.knative.dev/v1\nkind: Broker\nmetadata: { name: after, namespace: hostile-deep }\n");
    }

    [Fact]
    public async Task A_body_over_3_MiB_is_refused_with_413()
    {
        var huge = "apiVersion: eventing.knative.dev/v1\nkind: Broker\nmetadata: { name: huge }\nspec: { config: { name: " + new string('x', 3 * 1024 * 1024) + " } }\n";

        var response = await _mesh.PutAsync(Resource.Broker("hostile-huge", "huge"), huge, "application/yaml");

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        (await _mesh.Http.GetAsync(Resource.Broker("hostile-huge", "huge"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Yaml_is_read_by_the_core_schema_with_tags_as_the_cli_reads_it()
    {
        var stored = await _mesh.MustApplyAsync("""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: schema, namespace: hostile-schema, labels: { team: !!str 0x1F, on: yes } }
            spec: { delivery: { retry: 0x3 } }
            """);

        ((long)stored["spec"]!["delivery"]!["retry"]!).ShouldBe(3);
        ((string?)stored["metadata"]!["labels"]!["team"]).ShouldBe("0x1F");
        ((string?)stored["metadata"]!["labels"]!["on"]).ShouldBe("yes");
    }
}
