using Mesh.Tests.Gateway.Tail;

namespace Mesh.Tests.Cli;

public sealed class TailCommandTests(TailMesh fixture) : IClassFixture<TailMesh>
{
    private string Server => fixture.Mesh.BaseAddress.ToString();

    [Fact]
    public async Task Tail_prints_each_event_and_its_delivery_outcomes_under_it_until_interrupted()
    {
        await fixture.ShopAsync("cli-tail");
        await using var tail = new RunningCli(["tail", "broker/shop", "-n", "cli-tail", "--server", Server]);
        await tail.WaitForErrorAsync(e => e.Contains("tailing brokers/cli-tail/shop"), "the tail to start");

        await fixture.SendAsync("cli-tail", "order-7", "dev.example.order", """{"n":7}""");

        await tail.WaitForOutputAsync(o => o.Contains("dead-lettered"), "the broken trigger's dead letter");
        var lines = tail.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var eventLine = Array.FindIndex(lines, l => l.Contains("dev.example.order  id=order-7  source=/tests/ingress  {\"n\":7}"));
        eventLine.ShouldBeGreaterThanOrEqualTo(0, tail.Out);
        var under = lines[(eventLine + 1)..];
        under.ShouldContain(l => l.StartsWith("    ↳ trigger ok: delivered 202 (attempt 1)"), tail.Out);
        under.ShouldContain(l => l.StartsWith("    ↳ trigger broken: retrying 503 (attempt 1), next attempt at "), tail.Out);
        under.ShouldContain(l => l.StartsWith("    ↳ trigger broken: dead-lettered 503"), tail.Out);
        (await tail.StopAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Tail_with_a_filter_and_json_output_prints_only_matching_events_as_json_lines()
    {
        await fixture.ShopAsync("cli-json");
        await using var tail = new RunningCli(["tail", "brokers", "shop", "-n", "cli-json", "--filter", "type=dev.keep", "-o", "json", "--server", Server]);
        await tail.WaitForErrorAsync(e => e.Contains("tailing"), "the tail to start");

        await fixture.SendAsync("cli-json", "skip-1", "dev.skip");
        await fixture.SendAsync("cli-json", "keep-1", "dev.keep");

        await tail.WaitForOutputAsync(o => o.Contains("\"eventId\":\"keep-1\"") && o.Contains("\"trigger\":\"ok\""), "keep-1's delivery");
        var messages = tail.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!).ToList();
        messages.ShouldContain(m => (string?)m["kind"] == "event" && (string?)m["event"]!["id"] == "keep-1");
        messages.ShouldNotContain(m => m.ToJsonString().Contains("skip-1"));
    }

    [Theory]
    [InlineData("widget/x", "cannot tail \"widget\": tail a broker, channel, trigger or subscription")]
    [InlineData("broker/missing", "broker \"missing\" not found in namespace \"cli-errors\"")]
    public async Task Tail_of_something_that_cannot_be_tailed_says_why(string target, string message)
    {
        await fixture.ShopAsync("cli-errors");
        await using var tail = new RunningCli(["tail", target, "-n", "cli-errors", "--server", Server]);

        (await tail.Exited.WaitAsync(TimeSpan.FromSeconds(20))).ShouldBe(1);
        tail.Error.ShouldBe($"error: {message}\n");
    }

    [Fact]
    public async Task Tail_with_a_malformed_filter_is_refused_before_connecting()
    {
        await using var tail = new RunningCli(["tail", "broker/shop", "--filter", "novalue", "--server", "http://127.0.0.1:1"]);

        (await tail.Exited.WaitAsync(TimeSpan.FromSeconds(20))).ShouldBe(1);
        tail.Error.ShouldBe("error: --filter \"novalue\" must be ATTR=VALUE, e.g. type=dev.example.greeting\n");
    }
}
