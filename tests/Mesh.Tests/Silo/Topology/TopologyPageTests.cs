using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mesh.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace Mesh.Tests.Silo.Topology;

[Trait("Category", "Slow")]
public sealed class TopologyPageTests(Chromium chromium, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<Chromium>, IAsyncLifetime
{
    /// <summary>What the page must take at most to draw a namespace of 1,000 triggers (load, layout, render) on a loaded CI box.</summary>
    public static readonly TimeSpan ThousandTriggersBudget = TimeSpan.FromSeconds(15);

    private MeshHost _mesh = null!;
    private RecordingSubscriber _subscriber = null!;

    public async Task InitializeAsync()
    {
        _mesh = await MeshHost.StartAsync();
        _subscriber = await RecordingSubscriber.StartAsync();
        _subscriber.Respond = async (request, response) =>
        {
            if (!request.Path.EndsWith("/fail", StringComparison.Ordinal)) return 202;
            response.StatusCode = 500;
            await response.WriteAsync("boom: the database is down");
            return 500;
        };
    }

    public async Task DisposeAsync()
    {
        await _subscriber.DisposeAsync();
        await _mesh.DisposeAsync();
    }

    [SkippableFact]
    public async Task The_page_draws_the_mesh_with_each_objects_state_a_broken_subscriber_in_red_and_moving_rates()
    {
        Skip.IfNot(Chromium.Installed, Chromium.Missing);
        await ShopAsync("ui-shop");
        var page = await chromium.Browser!.NewPageAsync();

        await page.GotoAsync(new Uri(_mesh.BaseAddress, "/ui?namespace=ui-shop").ToString());

        await Assertions.Expect(page.Locator("g.node[data-id='brokers/ui-shop/shop']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("g.node[data-id='triggers/ui-shop/ok']")).ToContainTextAsync("ok");
        await Assertions.Expect(page.Locator($"g.node[data-id='uri:{_subscriber.Url}ui-shop/ok']")).ToBeVisibleAsync();
        var unresolved = page.Locator("g.node[data-id='triggers/ui-shop/lost']");
        await Assertions.Expect(unresolved).ToHaveClassAsync(new Regex(@"\bbad\b"));
        await Assertions.Expect(unresolved).ToContainTextAsync("Trigger ·");
        await Assertions.Expect(page.Locator("#namespace")).ToContainTextAsync("ui-shop");
        await Assertions.Expect(page.Locator("a[href='/dashboard/']")).ToBeVisibleAsync();

        using var traffic = new CancellationTokenSource();
        var sending = SendUntilAsync("ui-shop", traffic.Token);
        try
        {
            var broken = page.Locator($"g.node[data-id='uri:{_subscriber.Url}ui-shop/fail']");
            await Assertions.Expect(broken).ToHaveClassAsync(new Regex(@"\bbad\b"), new() { Timeout = 30_000 });
            await Assertions.Expect(broken).ToContainTextAsync("failing: HTTP 500");
            var routed = page.Locator("text.rate[data-from='brokers/ui-shop/shop'][data-to='triggers/ui-shop/ok']");
            await Assertions.Expect(routed).ToHaveTextAsync(new Regex(@"^(?!0\.0/s)\d+(\.\d)?/s$"), new() { Timeout = 30_000 });
            var delivered = page.Locator($"text.rate[data-from='triggers/ui-shop/ok'][data-kind='deliver']");
            await Assertions.Expect(delivered).ToHaveTextAsync(new Regex(@"^✓ (?!0\.0/s)"), new() { Timeout = 30_000 });
            await Assertions.Expect(page.Locator("g.node[data-id='brokers/ui-shop/shop']")).ToContainTextAsync(new Regex(@"in (?!0\.0/s)\d"));

            await page.Locator("g.node[data-id='triggers/ui-shop/broken']").ClickAsync();
            await Assertions.Expect(page.Locator("#details")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#conditions")).ToContainTextAsync("Ready");
            await Assertions.Expect(page.Locator("#failures")).ToContainTextAsync("boom: the database is down");
            await Assertions.Expect(page.Locator("#failures")).ToContainTextAsync("500");
            await Assertions.Expect(page.Locator("#declaration")).ToContainTextAsync("\"broker\": \"shop\"");
            await Assertions.Expect(page.Locator("#tail")).ToContainTextAsync("tailing triggers/ui-shop/broken");
            await Assertions.Expect(page.Locator("#tail")).ToContainTextAsync("dev.example.order", new() { Timeout = 30_000 });
        }
        finally
        {
            await traffic.CancelAsync();
            await sending;
        }
    }

    [SkippableFact]
    public async Task A_namespace_of_a_thousand_triggers_renders_within_budget_and_stays_responsive()
    {
        Skip.IfNot(Chromium.Installed, Chromium.Missing);
        const string ns = "ui-thousand";
        await _mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: big, namespace: {{ns}} }
            """);
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await _mesh.MustApplyAsync($$"""
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata: { name: t{{i:D4}}, namespace: {{ns}} }
                spec:
                  broker: big
                  filter: { attributes: { type: dev.example.t{{i}} } }
                  subscriber: { uri: "{{_subscriber.Url}}{{ns}}/t{{i % 10}}" }
                """));
        // The page is timed on a settled graph: while triggers turn Ready the graph changes and the
        // page rebuilds its SVG, which measures reconciliation on a busy box, not the page.
        await WaitForReadyTriggersAsync(ns, 1000);
        var page = await chromium.Browser!.NewPageAsync();

        var clock = Stopwatch.StartNew();
        await page.GotoAsync(new Uri(_mesh.BaseAddress, $"/ui?namespace={ns}").ToString());
        await page.WaitForFunctionAsync("() => document.querySelectorAll('g.node').length >= 1011", null, new() { Timeout = 60_000 });
        var drawn = clock.Elapsed;

        output.WriteLine($"1,000 triggers drawn in {drawn.TotalSeconds:F1} s");
        drawn.ShouldBeLessThan(ThousandTriggersBudget, $"1,000 triggers took {drawn.TotalSeconds:F1} s to draw");
        // Responsive: a click on a node opens its details while the page keeps polling.
        clock.Restart();
        await page.Locator($"g.node[data-id='triggers/{ns}/t0999']").ClickAsync();
        await Assertions.Expect(page.Locator("#declaration")).ToContainTextAsync("t0999");
        output.WriteLine($"details of one of them opened in {clock.Elapsed.TotalSeconds:F1} s");
        clock.Elapsed.ShouldBeLessThan(ThousandTriggersBudget, "a click on one of 1,000 nodes until its details show");
        var repaint = await page.EvaluateAsync<double>("() => { const t = performance.now(); paintRates(); return performance.now() - t; }");
        output.WriteLine($"one rate update of 1,000 edges took {repaint:F0} ms");
        repaint.ShouldBeLessThan(500, "one second's rate update of 1,000 edges");
    }

    private async Task WaitForReadyTriggersAsync(string ns, int count)
    {
        for (var wait = Stopwatch.StartNew(); ; await Task.Delay(200))
        {
            var graph = JsonNode.Parse(await _mesh.Http.GetStringAsync($"/ui/api/graph?namespace={ns}"))!;
            var ready = graph["nodes"]!.AsArray().Count(n => (string?)n!["kind"] == "Trigger" && (string?)n["ready"] == "True");
            if (ready >= count) return;
            wait.Elapsed.ShouldBeLessThan(TimeSpan.FromMinutes(2), $"{ready} of {count} triggers Ready");
        }
    }

    private async Task SendUntilAsync(string ns, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var request = CloudEventRequests.Binary($"ui-{i}", headers: ("ce-type", "dev.example.order"));
            request.RequestUri = new Uri($"/{ns}/shop", UriKind.Relative);
            try
            {
                await _mesh.Http.SendAsync(request, stop);
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }
    }

    private async Task ShopAsync(string ns)
    {
        await _mesh.MustApplyAsync($$"""
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: { name: shop, namespace: {{ns}} }
            """);
        foreach (var (name, subscriber) in new[]
        {
            ("ok", $"uri: \"{_subscriber.Url}{ns}/ok\""),
            ("broken", $"uri: \"{_subscriber.Url}{ns}/fail\""),
            ("lost", "ref: { apiVersion: eventing.knative.dev/v1, kind: Broker, name: nowhere }"),
        })
        {
            await _mesh.MustApplyAsync($$"""
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata: { name: {{name}}, namespace: {{ns}} }
                spec:
                  broker: shop
                  subscriber: { {{subscriber}} }
                """);
        }
        await _mesh.WaitReadyAsync($"/apis/eventing.knative.dev/v1/namespaces/{ns}/triggers/broken");
    }
}
