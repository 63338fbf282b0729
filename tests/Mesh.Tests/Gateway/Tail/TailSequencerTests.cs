using Mesh.Gateway.Tail;
using Mesh.Grains.Events;
using Mesh.Grains.Tail;

namespace Mesh.Tests.Gateway.Tail;

public sealed class TailSequencerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static TailRecord Event(string id) =>
        new(TailRecord.Kinds.Event, "brokers/ns/b", Start, Event: new EventEnvelope(new Dictionary<string, string> { ["id"] = id, ["source"] = "/src", ["type"] = "t", ["specversion"] = "1.0" }, []));

    private static TailRecord Outcome(string id, string result = TailOutcome.Results.Delivered) =>
        new(TailRecord.Kinds.Outcome, "triggers/ns/t", Start, Outcome: new TailOutcome(id, "/src", "t", result, 202, 1));

    private static string Line(TailRecord r) => r.Event is { } e ? $"event {e.Id}" : $"outcome {r.Outcome!.EventId} {r.Outcome.Result}";

    [Fact]
    public void An_outcome_that_arrives_before_its_event_is_shown_under_it()
    {
        var sequencer = new TailSequencer();
        var ready = new List<TailRecord>();

        sequencer.Admit(Outcome("a"), Start, ready);
        sequencer.Admit(Outcome("a", TailOutcome.Results.Retrying), Start, ready);
        ready.ShouldBeEmpty();
        sequencer.NextDue.ShouldBe(Start + TailSequencer.HoldFor);

        sequencer.Admit(Event("a"), Start.AddMilliseconds(5), ready);

        ready.Select(Line).ShouldBe(["event a", "outcome a delivered", "outcome a retrying"]);
        sequencer.NextDue.ShouldBeNull();
    }

    [Fact]
    public void An_outcome_of_an_event_already_shown_is_shown_at_once_and_others_wait_for_theirs()
    {
        var sequencer = new TailSequencer();
        var ready = new List<TailRecord>();

        sequencer.Admit(Event("a"), Start, ready);
        sequencer.Admit(Outcome("b"), Start, ready);
        sequencer.Admit(Outcome("a"), Start, ready);

        ready.Select(Line).ShouldBe(["event a", "outcome a delivered"]);
    }

    [Fact]
    public void An_outcome_whose_event_never_comes_is_shown_alone_once_it_has_waited_long_enough()
    {
        var sequencer = new TailSequencer();
        var ready = new List<TailRecord>();
        sequencer.Admit(Outcome("before-the-tail"), Start, ready);

        sequencer.Release(Start + TailSequencer.HoldFor - TimeSpan.FromMilliseconds(1), ready);
        ready.ShouldBeEmpty();
        sequencer.Release(Start + TailSequencer.HoldFor, ready);

        ready.Select(Line).ShouldBe(["outcome before-the-tail delivered"]);
        sequencer.NextDue.ShouldBeNull();
    }

    [Fact]
    public void Held_outcomes_are_bounded_and_the_oldest_is_shown_first_when_the_bound_is_passed()
    {
        var sequencer = new TailSequencer();
        var ready = new List<TailRecord>();
        for (var i = 0; i <= TailSequencer.MaxHeld; i++) sequencer.Admit(Outcome($"o{i}"), Start, ready);

        ready.Select(Line).ShouldBe(["outcome o0 delivered"]);
    }
}
