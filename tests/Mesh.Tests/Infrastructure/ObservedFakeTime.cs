using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Tests.Infrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also records every timer created on it (Task.Delay and
/// timed cancellations), so a test can wait until code is really waiting before it moves the clock.
/// </summary>
public sealed class ObservedFakeTime : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _timers = new();

    public FakeTimeProvider Fake { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Due times of the timers created so far, in creation order.</summary>
    public IReadOnlyList<TimeSpan> Timers => [.. _timers];

    public void Advance(TimeSpan by) => Fake.Advance(by);

    public Task WaitForTimersAsync(int count) =>
        Eventually.TrueAsync(() => _timers.Count >= count, $"{count} timer(s) on the fake clock", () => string.Join(", ", _timers));

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();
    public override long GetTimestamp() => Fake.GetTimestamp();
    public override long TimestampFrequency => Fake.TimestampFrequency;
    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = Fake.CreateTimer(callback, state, dueTime, period);
        _timers.Enqueue(dueTime);
        return timer;
    }
}
