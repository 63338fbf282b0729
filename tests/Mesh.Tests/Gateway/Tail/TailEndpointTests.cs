using System.Net;
using System.Text.Json.Nodes;
using Mesh.Grains.Tail;
using Mesh.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Tests.Gateway.Tail;

public sealed class TailEndpointTests(TailMesh fixture) : IClassFixture<TailMesh>
{
    private MeshHost Mesh => fixture.Mesh;

    [Fact]
    public async Task A_broker_tail_shows_each_event_as_accepted_then_its_delivery_outcomes()
    {
        await fixture.ShopAsync("tail-broker");
        await using var tail = await ServerSentEvents.OpenAsync(Mesh.Http, "/tail/brokers/tail-broker/shop");
        tail.Response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        (await tail.NextAsync("the ready message"))["kind"]!.GetValue<string>().ShouldBe("ready");

        (await fixture.SendAsync("tail-broker", "order-1", "dev.example.order", """{"n":1}""")).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        // Outcomes come under their event: one that reaches the tail first is held until the event does.
        var (accepted, beforeAccepted) = await tail.UntilAsync(m => Kind(m) == "event", "the accepted event");
        beforeAccepted.ShouldNotContain(m => Kind(m) == "outcome", "an outcome shown before its event");
        accepted["object"]!.GetValue<string>().ShouldBe("brokers/tail-broker/shop");
        var cloudEvent = accepted["event"]!;
        cloudEvent["id"]!.GetValue<string>().ShouldBe("order-1");
        cloudEvent["type"]!.GetValue<string>().ShouldBe("dev.example.order");
        cloudEvent["specversion"]!.GetValue<string>().ShouldBe("1.0");
        cloudEvent["data"]!["n"]!.GetValue<int>().ShouldBe(1);

        var (deadLettered, before) = await tail.UntilAsync(m => Str(m, "result") == TailOutcome.Results.DeadLettered, "the broken trigger's dead letter");
        Str(deadLettered, "trigger").ShouldBe("broken");
        // The triggers deliver independently: on a loaded machine the healthy one may answer after the
        // broken one has used up its retries.
        static bool HealthyOutcome(JsonObject m) => Kind(m) == "outcome" && Str(m, "trigger") == "ok";
        var delivered = before.SingleOrDefault(HealthyOutcome)
            ?? (await tail.UntilAsync(HealthyOutcome, "the healthy trigger's outcome")).Match;
        Str(delivered, "result").ShouldBe(TailOutcome.Results.Delivered);
        delivered["statusCode"]!.GetValue<int>().ShouldBe(202);
        delivered["attempt"]!.GetValue<int>().ShouldBe(1);
        Str(delivered, "eventId").ShouldBe("order-1");
        var retrying = before.Single(m => Kind(m) == "outcome" && Str(m, "trigger") == "broken");
        Str(retrying, "result").ShouldBe(TailOutcome.Results.Retrying);
        retrying["statusCode"]!.GetValue<int>().ShouldBe(503);
        retrying["attempt"]!.GetValue<int>().ShouldBe(1);
        DateTimeOffset.Parse(Str(retrying, "retryAt")!).ShouldBeGreaterThan(DateTimeOffset.Parse(Str(retrying, "time")!));
        deadLettered["statusCode"]!.GetValue<int>().ShouldBe(503);
    }

    [Fact]
    public async Task A_filtered_tail_shows_only_matching_events_and_their_outcomes()
    {
        await fixture.ShopAsync("tail-filter");
        await using var tail = await ServerSentEvents.OpenAsync(Mesh.Http, "/tail/brokers/tail-filter/shop?filter=type%3Ddev.keep");
        await tail.NextAsync("the ready message");

        await fixture.SendAsync("tail-filter", "dropped-1", "dev.drop");
        await fixture.SendAsync("tail-filter", "kept-1", "dev.keep");

        var (kept, before) = await tail.UntilAsync(m => Kind(m) == "outcome" && Str(m, "eventId") == "kept-1" && Str(m, "trigger") == "ok", "kept-1 delivered by ok");
        Str(kept, "eventType").ShouldBe("dev.keep");
        before.ShouldContain(m => Kind(m) == "event" && m["event"]!["id"]!.GetValue<string>() == "kept-1");
        before.ShouldNotContain(m => m.ToJsonString().Contains("dropped-1"));
    }

    [Fact]
    public async Task A_trigger_tail_shows_the_events_routed_to_it_and_only_its_own_outcomes()
    {
        await fixture.ShopAsync("tail-trigger");
        await using var tail = await ServerSentEvents.OpenAsync(Mesh.Http, "/tail/triggers/tail-trigger/ok");
        await tail.NextAsync("the ready message");

        await fixture.SendAsync("tail-trigger", "t-1", "dev.example.order");

        var (routed, _) = await tail.UntilAsync(m => Kind(m) == "event", "the routed event");
        routed["object"]!.GetValue<string>().ShouldBe("triggers/tail-trigger/ok");
        var (outcome, before) = await tail.UntilAsync(m => Kind(m) == "outcome", "the trigger's outcome");
        Str(outcome, "trigger").ShouldBe("ok");
        Str(outcome, "result").ShouldBe(TailOutcome.Results.Delivered);
        before.ShouldBeEmpty();
    }

    [Fact]
    public async Task Closing_a_tail_takes_its_tap_away_so_an_untailed_mesh_publishes_nothing()
    {
        await fixture.ShopAsync("tail-close");
        var taps = Mesh.Services.GetRequiredService<TapBoard>();
        var tail = await ServerSentEvents.OpenAsync(Mesh.Http, "/tail/brokers/tail-close/shop");
        await tail.NextAsync("the ready message");
        taps.IsTapped("brokers/tail-close/shop").ShouldBeTrue();

        await tail.DisposeAsync();

        await Eventually.TrueAsync(() => !taps.IsTapped("brokers/tail-close/shop"), "the tap to be removed when the tail closed",
            () => string.Join(", ", taps.Keys));
    }

    [Theory]
    [InlineData("/tail/widgets/default/x", 404, "tail brokers, channels, triggers or subscriptions")]
    [InlineData("/tail/brokers/tail-errors/missing", 404, "brokers/tail-errors/missing does not exist")]
    [InlineData("/tail/brokers/tail-errors/shop?filter=novalue", 400, "must be ATTRIBUTE=VALUE")]
    [InlineData("/tail/brokers/tail-errors/shop?filter=Bad-Name%3Dx", 400, "is not a CloudEvents attribute name")]
    public async Task A_bad_tail_request_gets_a_problem_naming_what_is_wrong(string path, int status, string detail)
    {
        await fixture.ShopAsync("tail-errors");
        var response = await Mesh.Http.GetAsync(path);
        ((int)response.StatusCode).ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain(detail);
        Mesh.Services.GetRequiredService<TapBoard>().IsTapped("brokers/tail-errors/shop").ShouldBeFalse();
    }

    private static string? Kind(JsonObject message) => Str(message, "kind");

    private static string? Str(JsonObject message, string name) => message[name]?.GetValue<string>();
}
