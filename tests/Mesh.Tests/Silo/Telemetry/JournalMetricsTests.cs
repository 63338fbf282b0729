using Mesh.Tests.Infrastructure;

namespace Mesh.Tests.Silo.Telemetry;

public sealed class JournalMetricsTests
{
    [Fact]
    public async Task Durable_mode_reports_commit_latency_and_events_per_commit_by_journal()
    {
        await using var mesh = await MeshHost.StartAsync(new Dictionary<string, string?> { ["Mesh:Durability"] = "Durable" });
        await using var subscriber = await RecordingSubscriber.StartAsync();
        var scenario = await BrokerScenario.StartAsync(mesh, subscriber, "metrics-journal");

        for (var i = 0; i < 5; i++)
            (await scenario.SendAsync(CloudEventRequests.Binary($"j{i}"))).StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);
        await subscriber.WaitForCountAsync(5);

        PrometheusScrape scrape = null!;
        await Eventually.TrueAsync(async () =>
            (scrape = await PrometheusScrape.ReadAsync(mesh.Http)).Sum("mesh_journal_commit_events_sum", ("journal", "sqlite")) >= 5,
            "five journaled events to be counted in commits", () => scrape?.Describe("mesh_journal_commit_events_sum") ?? "");
        var commits = scrape.Sum("mesh_journal_commits_total", ("journal", "sqlite"));
        commits.ShouldBeGreaterThanOrEqualTo(1);
        // Every mesh in this test process feeds every /metrics (one meter name): compare loosely.
        scrape.Sum("mesh_journal_commit_duration_seconds_count", ("journal", "sqlite")).ShouldBeGreaterThanOrEqualTo(1);
        scrape.Sum("mesh_journal_commit_duration_seconds_sum", ("journal", "sqlite")).ShouldBeGreaterThan(0);
        scrape.Sum("mesh_journal_commit_events_count", ("journal", "sqlite")).ShouldBeGreaterThanOrEqualTo(1);
    }
}
