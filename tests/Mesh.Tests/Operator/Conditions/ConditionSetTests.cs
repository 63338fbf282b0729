using Mesh.Operator.Conditions;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Tests.Operator.Conditions;

public sealed class ConditionSetTests
{
    private static readonly ConditionSet Set = new("Zeta", "Alpha", "Beta");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Ready_is_true_and_first_when_every_condition_is_true()
    {
        var conditions = Set.Manage([], _time);
        conditions.MarkTrue("Zeta", "Z");
        conditions.MarkTrue("Alpha", "A");
        conditions.MarkTrue("Beta", "B");
        var json = conditions.ToJson();
        json.Select(c => (string?)c!["type"]).ShouldBe(["Ready", "Alpha", "Beta", "Zeta"]);
        Status(json, "Ready").ShouldBe("True");
    }

    [Fact]
    public void Ready_carries_the_first_failing_reason_and_message_in_the_sets_order()
    {
        var conditions = Set.Manage([], _time);
        conditions.MarkFalse("Beta", "BetaBroken", "beta is broken");
        conditions.MarkFalse("Alpha", "BrokerDoesNotExist", "Broker ns/b does not exist");
        conditions.MarkTrue("Zeta");
        var ready = Find(conditions.ToJson(), "Ready");
        ((string?)ready["status"]).ShouldBe("False");
        ((string?)ready["reason"]).ShouldBe("BrokerDoesNotExist");
        ((string?)ready["message"]).ShouldBe("Broker ns/b does not exist");
    }

    [Fact]
    public void An_unknown_never_hides_a_false_declared_after_it()
    {
        var conditions = Set.Manage([], _time);
        conditions.MarkTrue("Zeta");
        conditions.MarkUnknown("Alpha", "Pending");
        conditions.MarkFalse("Beta", "Broken", "beta is broken");
        var ready = Find(conditions.ToJson(), "Ready");
        ((string?)ready["status"]).ShouldBe("False");
        ((string?)ready["reason"]).ShouldBe("Broken");
    }

    [Fact]
    public void Ready_is_unknown_when_nothing_is_false_and_something_is_unknown()
    {
        var conditions = Set.Manage([], _time);
        conditions.MarkTrue("Zeta");
        conditions.MarkUnknown("Beta", "Pending", "waiting");
        conditions.MarkTrue("Alpha");
        var ready = Find(conditions.ToJson(), "Ready");
        ((string?)ready["status"]).ShouldBe("Unknown");
        ((string?)ready["reason"]).ShouldBe("Pending");
    }

    [Fact]
    public void A_condition_of_the_set_never_marked_is_unknown_and_keeps_ready_unknown()
    {
        var conditions = Set.Manage([], _time);
        conditions.MarkTrue("Zeta");
        conditions.MarkTrue("Alpha");
        var json = conditions.ToJson();
        Status(json, "Beta").ShouldBe("Unknown");
        Status(json, "Ready").ShouldBe("Unknown");
    }

    [Fact]
    public void Marking_a_condition_outside_the_set_is_a_programming_error() =>
        Should.Throw<ArgumentException>(() => Set.Manage([], _time).MarkTrue("Gamma"));

    [Fact]
    public void A_failure_makes_ready_false_whatever_the_set_says()
    {
        var json = ConditionSet.Failed([], _time, "ReconcileFailed", "boom");
        json.Count.ShouldBe(1);
        Status(json, "Ready").ShouldBe("False");
        ((string?)Find(json, "Ready")["reason"]).ShouldBe("ReconcileFailed");
    }

    [Fact]
    public void LastTransitionTime_is_kept_when_the_status_is_unchanged()
    {
        var first = AllTrue(Set.Manage([], _time));
        _time.Advance(TimeSpan.FromMinutes(5));
        var second = AllTrue(Set.Manage(new JsonObject { ["conditions"] = first.DeepClone() }, _time));
        ((string?)Find(second, "Alpha")["lastTransitionTime"]).ShouldBe("2026-11-26T10:00:00Z");
        ((string?)Find(second, "Ready")["lastTransitionTime"]).ShouldBe("2026-11-26T10:00:00Z");
    }

    [Fact]
    public void LastTransitionTime_moves_when_the_status_changes()
    {
        var first = AllTrue(Set.Manage([], _time));
        _time.Advance(TimeSpan.FromMinutes(5));
        var conditions = Set.Manage(new JsonObject { ["conditions"] = first.DeepClone() }, _time);
        conditions.MarkTrue("Zeta");
        conditions.MarkTrue("Beta");
        conditions.MarkFalse("Alpha", "Broken");
        var second = conditions.ToJson();
        ((string?)Find(second, "Alpha")["lastTransitionTime"]).ShouldBe("2026-11-26T10:05:00Z");
        ((string?)Find(second, "Ready")["lastTransitionTime"]).ShouldBe("2026-11-26T10:05:00Z");
        ((string?)Find(second, "Zeta")["lastTransitionTime"]).ShouldBe("2026-11-26T10:00:00Z");
    }

    [Fact]
    public void Marking_a_condition_twice_keeps_only_the_last()
    {
        var conditions = Set.Manage([], _time);
        conditions.MarkFalse("Alpha", "First");
        var json = AllTrue(conditions);
        json.Count(c => (string?)c!["type"] == "Alpha").ShouldBe(1);
        Status(json, "Ready").ShouldBe("True");
    }

    [Fact]
    public void A_set_extended_with_more_conditions_waits_for_them_too()
    {
        var conditions = Set.With("EventPoliciesReady").Manage([], _time);
        AllTrue(conditions);
        Status(conditions.ToJson(), "Ready").ShouldBe("Unknown");
        conditions.MarkTrue("EventPoliciesReady");
        Status(conditions.ToJson(), "Ready").ShouldBe("True");
    }

    private static JsonArray AllTrue(StatusConditions conditions)
    {
        foreach (var type in Set.Dependents) conditions.MarkTrue(type, type);
        return conditions.ToJson();
    }

    private static JsonObject Find(JsonArray conditions, string type) =>
        conditions.OfType<JsonObject>().Single(c => (string?)c["type"] == type);

    private static string? Status(JsonArray conditions, string type) => (string?)Find(conditions, type)["status"];
}
