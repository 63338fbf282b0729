using System.Net;
using Mesh.Tests.Operator.Auth;

namespace Mesh.Tests.Operator.Api;

/// <summary>Lists page as Kubernetes' do: <c>limit</c>, an opaque <c>metadata.continue</c>, <c>remainingItemCount</c>.</summary>
public sealed class ListPaginationTests : IAsyncLifetime
{
    private MeshHost _mesh = null!;

    public async Task InitializeAsync()
    {
        _mesh = await MeshHost.StartAsync();
        foreach (var (ns, name) in new[] { ("a", "b1"), ("a", "b2"), ("a", "b3"), ("b", "b1"), ("b", "b4") })
            await _mesh.MustApplyAsync(RbacYaml.Broker(ns, name));
    }

    public async Task DisposeAsync() => await _mesh.DisposeAsync();

    private async Task<JsonObject> ListAsync(string path)
    {
        var response = await _mesh.Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    private static string[] Names(JsonObject list) =>
        [.. list["items"]!.AsArray().Select(i => $"{i!["metadata"]!["namespace"]}/{i["metadata"]!["name"]}")];

    [Fact]
    public async Task Following_continue_tokens_returns_every_object_once_in_order()
    {
        var all = Names(await ListAsync("/apis/eventing.knative.dev/v1/brokers"));
        var seen = new List<string>();
        var path = "/apis/eventing.knative.dev/v1/brokers?limit=2";
        var remaining = new List<long>();
        while (true)
        {
            var page = await ListAsync(path);
            Names(page).Length.ShouldBeLessThanOrEqualTo(2);
            seen.AddRange(Names(page));
            if ((string?)page["metadata"]!["continue"] is not { } token)
            {
                page["metadata"]!["remainingItemCount"].ShouldBeNull();
                break;
            }
            remaining.Add((long)page["metadata"]!["remainingItemCount"]!);
            path = $"/apis/eventing.knative.dev/v1/brokers?limit=2&continue={Uri.EscapeDataString(token)}";
        }

        seen.ShouldBe(all);
        all.ShouldBe(["a/b1", "a/b2", "a/b3", "b/b1", "b/b4"]);
        remaining.ShouldBe([3, 1]);
    }

    [Fact]
    public async Task A_namespaced_list_pages_within_its_namespace()
    {
        var first = await ListAsync("/apis/eventing.knative.dev/v1/namespaces/a/brokers?limit=2");
        Names(first).ShouldBe(["a/b1", "a/b2"]);
        ((long)first["metadata"]!["remainingItemCount"]!).ShouldBe(1);

        var second = await ListAsync($"/apis/eventing.knative.dev/v1/namespaces/a/brokers?limit=2&continue={Uri.EscapeDataString((string)first["metadata"]!["continue"]!)}");
        Names(second).ShouldBe(["a/b3"]);
        second["metadata"]!["continue"].ShouldBeNull();
    }

    [Fact]
    public async Task Without_a_limit_or_with_limit_zero_everything_comes_at_once()
    {
        Names(await ListAsync("/apis/eventing.knative.dev/v1/brokers?limit=0")).Length.ShouldBe(5);
        (await ListAsync("/apis/eventing.knative.dev/v1/brokers"))["metadata"]!["continue"].ShouldBeNull();
    }

    [Theory]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("continue=not-a-token", "continue token")]
    [InlineData("continue=eyJ2IjoyfQ", "continue token")]
    public async Task A_bad_limit_or_continue_token_is_400_saying_which(string query, string named)
    {
        var response = await _mesh.Http.GetAsync($"/apis/eventing.knative.dev/v1/brokers?{query}");

        var problem = await AuthenticatedMesh.ProblemAsync(response, 400);
        ((string)problem["detail"]!).ShouldContain(named);
    }
}
