using Mesh.Operator.Resources;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Tests.Operator.Resources;

public sealed class ConditionsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Ready_is_true_and_first_when_every_condition_is_true()
    {
        var conditions = new Conditions([], _time).Set("Zeta", true, "Z").Set("Alpha", true, "A").WithReady();
        conditions.Select(c => (string?)c!["type"]).ShouldBe(["Ready", "Alpha", "Zeta"]);
        Status(conditions, "Ready").ShouldBe("True");
    }

    [Fact]
    public void Ready_carries_the_first_failing_reason_and_message()
    {
        var conditions = new Conditions([], _time)
            .Set("BrokerReady", false, "BrokerDoesNotExist", "Broker ns/b does not exist")
            .Set("SubscriberResolved", false, "DestinationNotFound", "missing")
            .WithReady();
        var ready = Find(conditions, "Ready");
        ((string?)ready["status"]).ShouldBe("False");
        ((string?)ready["reason"]).ShouldBe("BrokerDoesNotExist");
        ((string?)ready["message"]).ShouldBe("Broker ns/b does not exist");
    }

    [Fact]
    public void Ready_is_unknown_when_the_first_non_true_condition_is_unknown()
    {
        var conditions = new Conditions([], _time).Set("A", true).Set("B", null, "Pending").Set("C", false, "Broken").WithReady();
        Status(conditions, "Ready").ShouldBe("Unknown");
        ((string?)Find(conditions, "Ready")["reason"]).ShouldBe("Pending");
    }

    [Fact]
    public void LastTransitionTime_is_kept_when_the_status_is_unchanged()
    {
        var first = new Conditions([], _time).Set("A", true, "Ok").WithReady();
        _time.Advance(TimeSpan.FromMinutes(5));
        var second = new Conditions(new JsonObject { ["conditions"] = first.DeepClone() }, _time).Set("A", true, "StillOk").WithReady();
        ((string?)Find(second, "A")["lastTransitionTime"]).ShouldBe("2026-11-26T10:00:00Z");
        ((string?)Find(second, "Ready")["lastTransitionTime"]).ShouldBe("2026-11-26T10:00:00Z");
    }

    [Fact]
    public void LastTransitionTime_moves_when_the_status_changes()
    {
        var first = new Conditions([], _time).Set("A", true).WithReady();
        _time.Advance(TimeSpan.FromMinutes(5));
        var second = new Conditions(new JsonObject { ["conditions"] = first.DeepClone() }, _time).Set("A", false, "Broken").WithReady();
        ((string?)Find(second, "A")["lastTransitionTime"]).ShouldBe("2026-11-26T10:05:00Z");
        ((string?)Find(second, "Ready")["lastTransitionTime"]).ShouldBe("2026-11-26T10:05:00Z");
    }

    [Fact]
    public void Setting_a_condition_twice_keeps_only_the_last()
    {
        var conditions = new Conditions([], _time).Set("A", false, "First").Set("A", true, "Second").WithReady();
        conditions.Count(c => (string?)c!["type"] == "A").ShouldBe(1);
        Status(conditions, "Ready").ShouldBe("True");
    }

    private static JsonObject Find(JsonArray conditions, string type) =>
        conditions.OfType<JsonObject>().Single(c => (string?)c["type"] == type);

    private static string? Status(JsonArray conditions, string type) => (string?)Find(conditions, type)["status"];
}
