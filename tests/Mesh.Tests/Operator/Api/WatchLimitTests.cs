using System.Net;
using System.Net.Http.Json;

namespace Mesh.Tests.Operator.Api;

/// <summary><c>Mesh:MaxWatches</c>: watches hold connections and queues, so their number is bounded.</summary>
public sealed class WatchLimitTests : IAsyncLifetime
{
    private MeshHost _mesh = null!;

    public async Task InitializeAsync() =>
        _mesh = await MeshHost.StartAsync(new Dictionary<string, string?> { ["Mesh:MaxWatches"] = "2" });

    public async Task DisposeAsync() => await _mesh.DisposeAsync();

    [Fact]
    public async Task A_watch_beyond_the_limit_is_answered_429_with_retry_after_until_one_closes()
    {
        await using var first = await WatchClient.OpenAsync(_mesh.Http, "/api/v1/namespaces/limits/secrets?watch=true");
        var second = await WatchClient.OpenAsync(_mesh.Http, "/apis/eventing.knative.dev/v1/triggers?watch=true");
        first.Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.Response.StatusCode.ShouldBe(HttpStatusCode.OK);

        var refused = await _mesh.Http.GetAsync("/apis/eventing.knative.dev/v1/brokers?watch=true");
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(1));
        var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
        ((string)problem["reason"]!).ShouldBe("TooManyRequests");
        ((string)problem["detail"]!).ShouldContain("Mesh:MaxWatches");
        (await _mesh.Http.GetAsync("/apis/eventing.knative.dev/v1/brokers")).StatusCode.ShouldBe(HttpStatusCode.OK, "lists are not watches");

        await second.DisposeAsync();
        await Eventually.TrueAsync(async () =>
        {
            using var again = await _mesh.Http.GetAsync("/apis/eventing.knative.dev/v1/brokers?watch=true&timeoutSeconds=1", HttpCompletionOption.ResponseHeadersRead);
            return again.StatusCode == HttpStatusCode.OK;
        }, "a watch admitted once one of the two open ones closed");
    }

    [Fact]
    public async Task A_limit_below_one_stops_the_start_naming_the_setting()
    {
        var failure = await Should.ThrowAsync<Exception>(() => MeshHost.StartAsync(new Dictionary<string, string?> { ["Mesh:MaxWatches"] = "0" }));
        failure.ToString().ShouldContain("Mesh:MaxWatches must be at least 1");
    }
}
