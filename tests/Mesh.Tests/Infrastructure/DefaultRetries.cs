namespace Mesh.Tests.Infrastructure;

/// <summary>
/// Endpoints for checking that a delivery which names only a dead-letter sink still retries by the
/// defaults: a subscriber that fails twice then takes the event, one that always refuses (for the
/// sentinel, which retries nothing), and the dead-letter sink both name.
/// </summary>
public sealed class DefaultRetries : IAsyncDisposable
{
    private int _failures;

    private DefaultRetries(RecordingSubscriber flaky, RecordingSubscriber refusing, RecordingSubscriber deadLetters)
    {
        Flaky = flaky;
        Refusing = refusing;
        DeadLetters = deadLetters;
        flaky.Respond = (_, _) => Task.FromResult(Interlocked.Increment(ref _failures) <= 2 ? 503 : 202);
        refusing.Respond = (_, _) => Task.FromResult(503);
    }

    public RecordingSubscriber Flaky { get; }
    public RecordingSubscriber Refusing { get; }
    public RecordingSubscriber DeadLetters { get; }

    public static async Task<DefaultRetries> StartAsync() =>
        new(await RecordingSubscriber.StartAsync(), await RecordingSubscriber.StartAsync(), await RecordingSubscriber.StartAsync());

    /// <summary>After the flaky event was taken and the sentinel dead-lettered: only the sentinel reached the dead-letter sink, the other was retried twice with backoff.</summary>
    public void ShouldHaveRetriedByTheDefaults(string sentinelId)
    {
        DeadLetters.Received.Select(r => r.Ce("id")).ShouldBe([sentinelId]);
        Flaky.Received.Count.ShouldBe(3, "two failures and the retry that succeeded");
        // Lower bounds only: a timer on a loaded machine may fire late, never early.
        var waits = Flaky.Received.Zip(Flaky.Received.Skip(1), (a, b) => b.At - a.At).ToList();
        waits[0].ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(180), "the default backoff starts at 200 ms");
        waits[1].ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(360), "and doubles");
    }

    public async ValueTask DisposeAsync()
    {
        await Flaky.DisposeAsync();
        await Refusing.DisposeAsync();
        await DeadLetters.DisposeAsync();
    }
}
