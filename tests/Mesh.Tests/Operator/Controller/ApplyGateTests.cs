using Mesh.Operator.Controller;

namespace Mesh.Tests.Operator.Controller;

/// <remarks>
/// Objects that must not share a stripe of the gate's per-object locks are integers, which hash to
/// themselves: 0 and 1 never share one. Strings would, in one process of 64, as their hash codes are
/// seeded per process — and an apply of "b" queued behind a held "a" would then wait forever.
/// </remarks>
public sealed class ApplyGateTests
{
    private readonly ApplyGate _gate = new();

    /// <summary>Starts work that records its entry and runs until <paramref name="release"/> completes.</summary>
    private static Func<Task<int>> Held(List<string> log, string name, Task release) => async () =>
    {
        lock (log) log.Add($"in {name}");
        await release;
        lock (log) log.Add($"out {name}");
        return 0;
    };

    [Fact]
    public async Task Leaf_applies_of_different_objects_run_side_by_side()
    {
        var log = new List<string>();
        var release = new TaskCompletionSource();
        var a = _gate.LeafAsync(0, Held(log, "a", release.Task), CancellationToken.None);
        var b = _gate.LeafAsync(1, Held(log, "b", release.Task), CancellationToken.None);
        await Eventually.TrueAsync(() => Task.FromResult(Count(log, "in ") == 2), "both leaf applies to be running at once");
        release.SetResult();
        await Task.WhenAll(a, b);
    }

    [Fact]
    public async Task Two_applies_of_one_object_never_overlap()
    {
        var log = new List<string>();
        var first = new TaskCompletionSource();
        var a = _gate.LeafAsync(0, Held(log, "1", first.Task), CancellationToken.None);
        var b = _gate.LeafAsync(0, Held(log, "2", Task.CompletedTask), CancellationToken.None);
        var sentinel = _gate.LeafAsync(1, Held(log, "other", Task.CompletedTask), CancellationToken.None);
        await sentinel;
        // The other object got through, so the second apply of "same" had every chance to start.
        log.ShouldNotContain("in 2");
        first.SetResult();
        await Task.WhenAll(a, b);
        log.IndexOf("in 2").ShouldBeGreaterThan(log.IndexOf("out 1"));
    }

    [Fact]
    public async Task A_change_of_anything_else_waits_for_running_leaves_and_leaves_arriving_after_it_wait_for_it()
    {
        var log = new List<string>();
        var leaf = new TaskCompletionSource();
        var change = new TaskCompletionSource();
        var running = _gate.LeafAsync(0, Held(log, "leaf", leaf.Task), CancellationToken.None);
        await Eventually.TrueAsync(() => Task.FromResult(log.Contains("in leaf")), "the first leaf to run");
        var exclusive = _gate.ExclusiveAsync(Held(log, "change", change.Task), CancellationToken.None);
        var later = _gate.LeafAsync(1, Held(log, "later", Task.CompletedTask), CancellationToken.None);

        leaf.SetResult();
        await Eventually.TrueAsync(() => Task.FromResult(log.Contains("in change")), "the change to start once the leaf is done");
        log.ShouldNotContain("in later");
        change.SetResult();
        await Task.WhenAll(running, exclusive, later);
        log.ShouldBe(["in leaf", "out leaf", "in change", "out change", "in later", "out later"]);
    }

    [Fact]
    public async Task A_waiter_cancelled_before_its_turn_lets_those_behind_it_in()
    {
        var log = new List<string>();
        var held = new TaskCompletionSource();
        var leaf = _gate.LeafAsync(0, Held(log, "leaf", held.Task), CancellationToken.None);
        await Eventually.TrueAsync(() => Task.FromResult(log.Contains("in leaf")), "the leaf to run");
        using var cancel = new CancellationTokenSource();
        var change = _gate.ExclusiveAsync(Held(log, "change", Task.CompletedTask), cancel.Token);
        var behind = _gate.LeafAsync(1, Held(log, "behind", Task.CompletedTask), CancellationToken.None);

        await cancel.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(change);
        await behind;
        log.ShouldNotContain("in change");
        held.SetResult();
        await leaf;
    }

    private static int Count(List<string> log, string prefix)
    {
        lock (log) return log.Count(l => l.StartsWith(prefix, StringComparison.Ordinal));
    }
}
