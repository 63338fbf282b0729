using System.Net;
using Mesh.Operator.Watch;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Tests.Operator.Api;

/// <summary><c>?watch=true</c> on list paths: JSON lines of ADDED, MODIFIED and DELETED, resumable from a resourceVersion.</summary>
[Collection(SharedMesh.Name)]
public sealed class WatchTests(MeshFixture fixture)
{
    private readonly MeshHost _mesh = fixture.Mesh;

    private static string Secrets(string ns) => $"/api/v1/namespaces/{ns}/secrets";

    private Task<JsonObject> SecretAsync(string ns, string name, string value) => _mesh.MustApplyAsync($"""
        apiVersion: v1
        kind: Secret
        metadata: {"{"} name: {name}, namespace: {ns} {"}"}
        stringData: {"{"} token: {value} {"}"}
        """);

    [Fact]
    public async Task A_watch_starts_with_the_current_objects_as_added_then_streams_each_change_with_values_redacted()
    {
        await SecretAsync("watch-stream", "one", "first-value");
        await SecretAsync("watch-stream", "two", "second-value");
        await SecretAsync("watch-other", "elsewhere", "x");

        await using var watch = await WatchClient.OpenAsync(_mesh.Http, Secrets("watch-stream") + "?watch=true");
        watch.Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var initial = new[] { (await watch.NextAsync())!, (await watch.NextAsync())! };
        initial.Select(e => (string)e["type"]!).ShouldBe(["ADDED", "ADDED"]);
        initial.Select(e => (string)e["object"]!["metadata"]!["name"]!).ShouldBe(["one", "two"], ignoreOrder: true);

        await SecretAsync("watch-stream", "three", "third-value");
        await watch.NextForAsync("ADDED", "three");
        await SecretAsync("watch-stream", "one", "changed-value");
        var modified = await watch.NextForAsync("MODIFIED", "one");
        ((string)modified["object"]!["data"]!["token"]!).ShouldBe("", "a watch redacts values as every answer does");
        (await _mesh.Http.DeleteAsync(Secrets("watch-stream") + "/two")).EnsureSuccessStatusCode();
        var deleted = await watch.NextForAsync("DELETED", "two");
        long.Parse((string)deleted["object"]!["metadata"]!["resourceVersion"]!).ShouldBeGreaterThan(
            long.Parse((string)initial.Single(e => (string)e["object"]!["metadata"]!["name"]! == "two")["object"]!["metadata"]!["resourceVersion"]!));

        watch.Seen.ShouldNotContain("elsewhere", Case.Sensitive, "a namespaced watch sees its namespace only");
        foreach (var secret in new[] { "first-value", "second-value", "third-value", "changed-value" })
            watch.Seen.ShouldNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(secret)));
    }

    [Fact]
    public async Task A_watch_from_a_list_resource_version_gets_only_the_writes_after_it()
    {
        await SecretAsync("watch-resume", "before", "a");
        var list = (await _mesh.GetAsync(Secrets("watch-resume")))!;
        var version = (string)list["metadata"]!["resourceVersion"]!;
        await SecretAsync("watch-resume", "after", "b");

        await using var watch = await WatchClient.OpenAsync(_mesh.Http, Secrets("watch-resume") + $"?watch=true&resourceVersion={version}");
        var first = (await watch.NextAsync())!;
        ((string)first["type"]!).ShouldBe("ADDED");
        ((string)first["object"]!["metadata"]!["name"]!).ShouldBe("after", "the object listed before is not told again");
    }

    [Fact]
    public async Task A_resource_version_older_than_the_history_kept_gets_an_error_event_with_410_gone()
    {
        await using var watch = await WatchClient.OpenAsync(_mesh.Http, Secrets("watch-old") + "?watch=true&resourceVersion=1");
        var error = (await watch.NextAsync())!;
        ((string)error["type"]!).ShouldBe("ERROR");
        ((int)error["object"]!["code"]!).ShouldBe(410);
        ((string)error["object"]!["reason"]!).ShouldBe("Expired");
        (await watch.NextAsync()).ShouldBeNull("the stream ends after the error");
    }

    [Fact]
    public async Task Timeout_seconds_ends_the_stream()
    {
        await using var watch = await WatchClient.OpenAsync(_mesh.Http, Secrets("watch-timeout") + "?watch=true&timeoutSeconds=1");
        (await watch.NextAsync(TimeSpan.FromSeconds(30))).ShouldBeNull();
    }

    [Fact]
    public async Task A_client_that_goes_away_leaves_no_watcher_behind()
    {
        var hub = _mesh.Services.GetRequiredService<ResourceWatchHub>();
        var watch = await WatchClient.OpenAsync(_mesh.Http, Secrets("watch-gone") + "?watch=true");
        await Eventually.TrueAsync(() => hub.WatcherCount > 0, "the watch to be open");
        var before = hub.WatcherCount;

        await watch.DisposeAsync();

        await Eventually.TrueAsync(() => hub.WatcherCount < before, "the watcher to be removed", () => hub.WatcherCount.ToString());
    }

    [Fact]
    public async Task Malformed_watch_parameters_are_400()
    {
        (await _mesh.Http.GetAsync(Secrets("watch-bad") + "?watch=true&resourceVersion=abc")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _mesh.Http.GetAsync(Secrets("watch-bad") + "?watch=true&timeoutSeconds=-1")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
