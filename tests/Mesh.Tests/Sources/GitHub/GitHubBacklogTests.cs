using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Mesh.Grains.Delivery;
using Mesh.Grains.Sources.GitHub;
using Mesh.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Tests.Sources.GitHub;

/// <summary>Memory mode: a GitHubSource whose sink stalls keeps its bound in memory and spills the rest, in order.</summary>
public sealed class GitHubBacklogTests
{
    private const string Secret = "backlog-secret";

    [Fact]
    public async Task Webhooks_beyond_the_bound_wait_in_the_spill_file_and_reach_the_sink_in_the_order_they_were_answered()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var sink = await RecordingSubscriber.StartAsync();
        sink.Respond = async (_, _) =>
        {
            await release.Task;
            return 202;
        };
        await using var github = await GitHubApiDouble.StartAsync();
        github.Add("repos/backlog/repo");
        await using var mesh = await MeshHost.StartAsync(new Dictionary<string, string?>
        {
            ["Mesh:Delivery:MaxQueuedPerTrigger"] = "3",
            ["Mesh:Delivery:MaxInFlightPerTrigger"] = "1",
            // The double stands in for GitHub, so the access token may go there.
            ["Mesh:Sources:GitHub:ApiUrls:0"] = github.Url.ToString(),
        });
        var metrics = mesh.Services.GetRequiredService<MeshMetrics>();
        using var held = new GaugeRecorder(metrics.Queued, TagNames.Source, "hooks");
        using var spilled = new CounterRecorder(metrics.Spilled);
        await mesh.MustApplyAsync($"""
            apiVersion: v1
            kind: Secret
            metadata: {"{"} name: github, namespace: gh-backlog {"}"}
            stringData: {"{"} accessToken: {GitHubApiDouble.Token}, secretToken: {Secret} {"}"}
            """);
        await mesh.MustApplyAsync($$"""
            apiVersion: sources.knative.dev/v1alpha1
            kind: GitHubSource
            metadata: { name: hooks, namespace: gh-backlog }
            spec:
              ownerAndRepository: backlog/repo
              eventTypes: [push]
              accessToken: { secretKeyRef: { name: github, key: accessToken } }
              secretToken: { secretKeyRef: { name: github, key: secretToken } }
              githubAPIURL: "{{github.Url}}"
              sink: { uri: "{{sink.Url}}" }
            """);
        await mesh.WaitReadyAsync("/apis/sources.knative.dev/v1alpha1/namespaces/gh-backlog/githubsources/hooks");

        var ids = Enumerable.Range(0, 40).Select(i => $"hook-{i:D2}").ToList();
        foreach (var id in ids) (await PostAsync(mesh.Http, id)).ShouldBe(HttpStatusCode.Accepted);

        held.Max.ShouldBe(3, "the source fills its memory, and no more");
        spilled.Total.ShouldBeGreaterThanOrEqualTo(30);
        release.SetResult();
        await sink.WaitForCountAsync(ids.Count, TimeSpan.FromSeconds(60));
        sink.Received.Select(r => r.Ce("id")).ShouldBe(ids);
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, string id)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"ref":"refs/heads/main","compare":"https://github.com/backlog/repo/compare/{{id}}"}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/sources/github/gh-backlog/hooks") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", id);
        request.Headers.Add("X-Hub-Signature-256", WebhookSignature.Sign256(body, Secret));
        return (await http.SendAsync(request)).StatusCode;
    }
}
