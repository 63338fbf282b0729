using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Mesh.Grains.Sources.GitHub;
using Mesh.Tests.Sources.GitHub;
using Xunit.Abstractions;

namespace Mesh.Tests.Faults;

/// <summary>
/// Embedded durable mode, one real process: sources promise what brokers promise. A webhook answered
/// 2xx and a tick the source fired survive kill -9 (GitHub never sends a delivery again by itself).
/// </summary>
[Trait("Category", "Slow")]
public sealed class SourceCrashTests(ITestOutputHelper output)
{
    private const string Ns = "sources";
    private const string Secret = "crash-secret";
    private const string QuickRetries = "delivery: { retry: 20, backoffPolicy: linear, backoffDelay: PT0.2S }";

    [Fact]
    public async Task Every_webhook_answered_2xx_is_delivered_after_kill_9_right_after_the_last_answer_and_a_restart()
    {
        await using var ledger = await DeliveryLedger.StartAsync();
        ledger.Accepting = false;
        await using var github = await GitHubApiDouble.StartAsync();
        github.Add("repos/crash/repo");
        // The double stands in for GitHub, so the access token may go there.
        await using var silo = new SiloProcess("github", new Dictionary<string, string> { ["Mesh:Sources:GitHub:ApiUrls:0"] = github.Url.ToString() }, output);
        await silo.StartAsync();
        await ResourceApi.MustApplyAsync(silo.Http, $"""
            apiVersion: v1
            kind: Secret
            metadata: {"{"} name: github, namespace: {Ns} {"}"}
            stringData: {"{"} accessToken: {GitHubApiDouble.Token}, secretToken: {Secret} {"}"}
            """);
        await ResourceApi.MustApplyAsync(silo.Http, $$"""
            apiVersion: sources.knative.dev/v1alpha1
            kind: GitHubSource
            metadata: { name: hooks, namespace: {{Ns}} }
            spec:
              ownerAndRepository: crash/repo
              eventTypes: [push]
              accessToken: { secretKeyRef: { name: github, key: accessToken } }
              secretToken: { secretKeyRef: { name: github, key: secretToken } }
              githubAPIURL: "{{github.Url}}"
              sink: { uri: "{{ledger.Subscriber.Url}}" }
              {{QuickRetries}}
            """);
        await ResourceApi.WaitReadyAsync(silo.Http, $"/apis/sources.knative.dev/v1alpha1/namespaces/{Ns}/githubsources/hooks");

        // Sixteen senders, as GitHub's workers would, each posting its share one after the other.
        var acknowledged = new ConcurrentBag<string>();
        var other = new ConcurrentBag<int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 320), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, _) =>
        {
            var id = $"delivery-{n}";
            var status = await PostWebhookAsync(silo.Http, id);
            if (status is >= 200 and < 300) acknowledged.Add(id);
            else other.Add(status);
        });
        await silo.KillAsync();
        var ids = acknowledged.ToList();
        output.WriteLine($"answered 2xx: {ids.Count}; otherwise: {string.Join(", ", other.GroupBy(s => s).Select(g => $"{g.Key} ×{g.Count()}"))}");
        ids.Count.ShouldBeGreaterThan(300, "the webhooks should have been taken");
        ledger.Delivered.ShouldBeEmpty("the sink refused everything before the crash");

        ledger.Accepting = true;
        await silo.StartAsync();

        await ledger.WaitForAllAsync(ids, "webhooks");
        output.WriteLine(ledger.Describe(ids, "webhooks"));
    }

    [Fact]
    public async Task Every_tick_fired_before_kill_9_is_delivered_after_the_restart_with_none_missing_in_between()
    {
        await using var ledger = await DeliveryLedger.StartAsync();
        ledger.Accepting = false;
        await using var silo = new SiloProcess("ping", new Dictionary<string, string>(), output);
        await silo.StartAsync();
        await ResourceApi.MustApplyAsync(silo.Http, $$"""
            apiVersion: sources.knative.dev/v1
            kind: PingSource
            metadata: { name: ticks, namespace: {{Ns}} }
            spec:
              schedule: "*/1 * * * * *"
              data: '{"tick": true}'
              sink: { uri: "{{ledger.Subscriber.Url}}" }
              {{QuickRetries}}
            """);
        await ResourceApi.WaitReadyAsync(silo.Http, $"/apis/sources.knative.dev/v1/namespaces/{Ns}/pingsources/ticks");

        // Ticks the sink has been offered (and refused): fired, so owed.
        await Eventually.TrueAsync(() => TicksSeen(ledger).Count >= 6, "six ticks offered to the sink", timeout: TimeSpan.FromSeconds(60));
        await silo.KillAsync();
        var fired = TicksSeen(ledger);
        var first = fired.Values.Min();
        var last = fired.Values.Max();
        ledger.Delivered.ShouldBeEmpty("the sink refused everything before the crash");

        ledger.Accepting = true;
        await silo.StartAsync();

        await ledger.WaitForAllAsync(fired.Keys, "ticks");
        var delivered = TicksSeen(ledger).Where(t => ledger.Delivered.ContainsKey(t.Key)).Select(t => t.Value).ToHashSet();
        var missing = Enumerable.Range(0, (int)(last - first).TotalSeconds + 1).Select(s => first.AddSeconds(s)).Where(t => !delivered.Contains(t)).ToList();
        missing.ShouldBeEmpty($"every second from {first:HH:mm:ss} to {last:HH:mm:ss} was fired before the crash");
        output.WriteLine(ledger.Describe(fired.Keys, $"ticks {first:HH:mm:ss}–{last:HH:mm:ss}"));
    }

    /// <summary>Each tick id the sink was offered, with the tick's <c>time</c>.</summary>
    private static Dictionary<string, DateTimeOffset> TicksSeen(DeliveryLedger ledger) =>
        ledger.Subscriber.Received
            .GroupBy(r => r.Ce("id")!)
            .ToDictionary(g => g.Key, g => DateTimeOffset.Parse(Uri.UnescapeDataString(g.First().Ce("time")!), CultureInfo.InvariantCulture));

    private static async Task<int> PostWebhookAsync(HttpClient http, string id)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"ref":"refs/heads/main","compare":"https://github.com/crash/repo/compare/{{id}}"}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/sources/github/{Ns}/hooks") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", id);
        request.Headers.Add("X-Hub-Signature-256", WebhookSignature.Sign256(body, Secret));
        using var response = await http.SendAsync(request);
        return (int)response.StatusCode;
    }
}
