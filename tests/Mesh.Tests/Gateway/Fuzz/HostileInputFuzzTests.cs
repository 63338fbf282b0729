using System.Net;
using Mesh.Tests.Faults;
using Mesh.Tests.Sources.GitHub;
using Xunit.Abstractions;

namespace Mesh.Tests.Gateway.Fuzz;

/// <summary>
/// Thousands of generated malformed requests against a mesh in a process of its own: never a 5xx,
/// never a request left unanswered, the process alive, its memory bounded, and a valid event still
/// delivered afterwards. MESH_FUZZ_REQUESTS and MESH_FUZZ_CONCURRENCY make the run longer
/// (bench/fuzz.sh).
/// </summary>
[Collection(FuzzCollection.Name)]
[Trait("Category", "Slow")]
public sealed class HostileInputFuzzTests(ITestOutputHelper output)
{
    private const string WebhookSecret = "fuzz-webhook-secret";

    /// <summary>How much the mesh's resident memory may grow over the measured requests (after a warm-up of 1,000).</summary>
    public const long RssGrowthBound = 96L * 1024 * 1024;

    [Fact]
    public async Task Ten_thousand_malformed_requests_get_no_5xx_and_leave_memory_bounded_and_delivery_working()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("MESH_FUZZ_REQUESTS"), out var n) ? n : 10_000;
        var concurrency = int.TryParse(Environment.GetEnvironmentVariable("MESH_FUZZ_CONCURRENCY"), out var c) ? c : 8;
        await using var github = await GitHubApiDouble.StartAsync();
        await using var subscriber = await RecordingSubscriber.StartAsync();
        // Workstation GC collects as it goes, so that resident memory measures what is kept, not what is not yet collected.
        await using var silo = new SiloProcess("fuzz", new Dictionary<string, string>
        {
            ["Mesh:Durability"] = "Memory",
            ["Mesh:Sources:GitHub:ApiUrls:0"] = github.Url.ToString(),
        }, output, environment: new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" });
        await silo.StartAsync();
        await DeclareAsync(silo.Http, github, subscriber);

        var requests = FuzzRequests.Any(WebhookSecret);
        var warmUp = await FuzzRun.RunAsync(requests, 1_000, silo.BaseAddress.Port, concurrency);
        var before = ResidentBytes(silo.ProcessId);
        var run = await FuzzRun.RunAsync(requests, count, silo.BaseAddress.Port, concurrency);
        var after = ResidentBytes(silo.ProcessId);

        output.WriteLine($"{run.Sent} requests in {run.Elapsed.TotalSeconds:F1} s; resident memory {before / 1048576} MiB before, {after / 1048576} MiB after");
        output.WriteLine(run.Summary());
        foreach (var kind in warmUp.Failures.Concat(run.Failures).GroupBy(f => (f.Request.Surface, f.Status)))
            foreach (var (request, status, answer) in kind.Take(3))
                output.WriteLine($"{status?.ToString() ?? "no answer"}: {request}\n  answered: {answer.Replace("\r\n", "⏎ ")}");
        silo.IsRunning.ShouldBeTrue(silo.LogTail());
        // What the requests that hung up cannot show: the mesh's own account of unexpected failures.
        File.ReadLines(silo.LogPath).Where(l => l.Contains("Unhandled exception") || l.Contains("fail:")).Take(5).ShouldBeEmpty(silo.LogTail(80));
        warmUp.Failures.Concat(run.Failures).ShouldBeEmpty("requests answered 5xx or not at all (see the test output)");
        (after - before).ShouldBeLessThan(RssGrowthBound, $"resident memory grew from {before / 1048576} to {after / 1048576} MiB");

        using var valid = CloudEventRequests.Binary("after-the-fuzz");
        valid.RequestUri = new Uri($"/{FuzzRequests.Namespace}/{FuzzRequests.Broker}", UriKind.Relative);
        (await silo.Http.SendAsync(valid)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await Eventually.TrueAsync(() => subscriber.Received.Any(r => r.Path == $"/{FuzzRequests.Namespace}/{FuzzRequests.Broker}" && r.Ce("id") == "after-the-fuzz"),
            "the valid event sent after the fuzz at the subscriber");
    }

    private static async Task DeclareAsync(HttpClient http, GitHubApiDouble github, RecordingSubscriber subscriber)
    {
        github.Add("repos/fuzz/fuzz");
        var ns = FuzzRequests.Namespace;
        foreach (var yaml in new[]
        {
            $"apiVersion: eventing.knative.dev/v1\nkind: Broker\nmetadata: {{ name: {FuzzRequests.Broker}, namespace: {ns} }}",
            $"apiVersion: eventing.knative.dev/v1\nkind: Trigger\nmetadata: {{ name: all, namespace: {ns} }}\nspec:\n  broker: {FuzzRequests.Broker}\n  subscriber: {{ uri: \"{subscriber.Url}{ns}/{FuzzRequests.Broker}\" }}",
            $"apiVersion: messaging.knative.dev/v1\nkind: InMemoryChannel\nmetadata: {{ name: {FuzzRequests.Channel}, namespace: {ns} }}",
            $"apiVersion: v1\nkind: Secret\nmetadata: {{ name: github, namespace: {ns} }}\nstringData: {{ accessToken: {GitHubApiDouble.Token}, secretToken: {WebhookSecret} }}",
            $"apiVersion: sources.knative.dev/v1alpha1\nkind: GitHubSource\nmetadata: {{ name: {FuzzRequests.Source}, namespace: {ns} }}\nspec:\n  ownerAndRepository: fuzz/fuzz\n  eventTypes: [push, issues]\n  accessToken: {{ secretKeyRef: {{ name: github, key: accessToken }} }}\n  secretToken: {{ secretKeyRef: {{ name: github, key: secretToken }} }}\n  githubAPIURL: \"{github.Url}\"\n  sink: {{ uri: \"{subscriber.Url}github\" }}",
        })
            await ResourceApi.MustApplyAsync(http, yaml);
        await ResourceApi.WaitReadyAsync(http, $"/apis/eventing.knative.dev/v1/namespaces/{ns}/triggers/all");
        await ResourceApi.WaitReadyAsync(http, $"/apis/sources.knative.dev/v1alpha1/namespaces/{ns}/githubsources/{FuzzRequests.Source}");
    }

    private static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}

/// <summary>The fuzz run measures a process's memory: it runs alone, after the parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FuzzCollection
{
    public const string Name = "Fuzz";
}
