using Mesh.Operator.Kinds.Secret;
using Mesh.Operator.Resources;
using Mesh.Operator.Store;
using Mesh.Operator.Watch;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Tests.Operator.Watch;

/// <summary>The per-process broadcast behind watches: bounded per watcher, with a bounded history to resume from.</summary>
public sealed class ResourceWatchHubTests
{
    private static readonly ResourceVersionClock Clock = new(new FakeTimeProvider());

    private static WatchEvent Write(string name) =>
        new(WatchEventType.Added, new ObjectKey(SecretKind.Resource, "ns", name), new DeclarationRecord("{}", null, Clock.Next()));

    [Fact]
    public void A_watcher_that_does_not_read_is_dropped_once_its_queue_is_full_and_the_others_go_on()
    {
        var hub = new ResourceWatchHub(Clock, historySize: 100, watcherCapacity: 4);
        using var slow = hub.Subscribe(SecretKind.Resource, "ns")!;
        using var fast = hub.Subscribe(SecretKind.Resource, "ns")!;

        for (var i = 0; i < 10; i++)
        {
            hub.Publish(Write($"s{i}"));
            fast.Events.TryRead(out _).ShouldBeTrue();
        }

        slow.Dropped.ShouldBeTrue();
        fast.Dropped.ShouldBeFalse();
        hub.WatcherCount.ShouldBe(1, "the dropped watcher holds nothing in the hub");
        var kept = 0;
        while (slow.Events.TryRead(out _)) kept++;
        kept.ShouldBe(4, "no more than its capacity was ever queued");
        slow.Events.Completion.IsCompleted.ShouldBeTrue("its stream ends, so its client watches again");
    }

    [Fact]
    public void A_resume_within_the_history_replays_the_later_writes_and_one_before_it_is_refused()
    {
        var hub = new ResourceWatchHub(Clock, historySize: 3, watcherCapacity: 10);
        var writes = Enumerable.Range(0, 5).Select(i => Write($"s{i}")).ToList();
        foreach (var write in writes) hub.Publish(write);

        hub.Subscribe(SecretKind.Resource, "ns", since: writes[0].ResourceVersion).ShouldBeNull("s1 is no longer kept");
        using var resumed = hub.Subscribe(SecretKind.Resource, "ns", since: writes[2].ResourceVersion)!;
        var replayed = new List<string>();
        while (resumed.Events.TryRead(out var change)) replayed.Add(change.Key.Name);
        replayed.ShouldBe(["s3", "s4"]);
    }

    [Fact]
    public void Writes_of_other_kinds_and_namespaces_are_not_queued()
    {
        var hub = new ResourceWatchHub(Clock);
        using var watcher = hub.Subscribe(SecretKind.Resource, "ns")!;
        hub.Publish(new WatchEvent(WatchEventType.Added, new ObjectKey(SecretKind.Resource, "other", "x"), new DeclarationRecord("{}", null, Clock.Next())));
        hub.Publish(new WatchEvent(WatchEventType.Added, new ObjectKey(Mesh.Operator.Auth.Rbac.RbacKinds.Role, "ns", "x"), new DeclarationRecord("{}", null, Clock.Next())));
        hub.Publish(Write("mine"));

        watcher.Events.TryRead(out var only).ShouldBeTrue();
        only!.Key.Name.ShouldBe("mine");
        watcher.Events.TryRead(out _).ShouldBeFalse();
    }

    [Fact]
    public void Watches_beyond_the_limit_are_refused_until_one_is_disposed()
    {
        var hub = new ResourceWatchHub(Clock, maxWatchers: 2);
        var first = hub.Subscribe(SecretKind.Resource, "ns")!;
        using var second = hub.Subscribe(SecretKind.Resource, "ns")!;

        Should.Throw<WatchLimitException>(() => hub.Subscribe(SecretKind.Resource, "ns")).Limit.ShouldBe(2);
        first.Dispose();
        using var third = hub.Subscribe(SecretKind.Resource, "ns");
        third.ShouldNotBeNull();
        hub.WatcherCount.ShouldBe(2);
    }
}
