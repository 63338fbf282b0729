using Mesh.Grains.Sources.Ping;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Tests.Sources.Ping;

public sealed class PingScheduleTests
{
    private static PingSchedule Parse(string schedule, string? timezone = null) =>
        PingSchedule.TryParse(schedule, timezone, out var error) ?? throw new Xunit.Sdk.XunitException(error);

    private static readonly DateTimeOffset Noon = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Five_field_schedule_ticks_on_the_next_matching_minute()
    {
        var clock = new FakeTimeProvider(Noon.AddSeconds(30));
        Assert.Equal(Noon.AddMinutes(5), Parse("*/5 * * * *").NextTick(clock, null));
    }

    [Fact]
    public void Six_field_schedule_has_a_leading_seconds_field()
    {
        var clock = new FakeTimeProvider(Noon.AddMilliseconds(400));
        Assert.Equal(Noon.AddSeconds(10), Parse("*/10 * * * * *").NextTick(clock, null));
    }

    [Fact]
    public void Descriptors_such_as_hourly_are_schedules()
    {
        var clock = new FakeTimeProvider(Noon.AddMinutes(1));
        Assert.Equal(Noon.AddHours(1), Parse("@hourly").NextTick(clock, null));
        Assert.Equal(new DateTimeOffset(2026, 1, 16, 0, 0, 0, TimeSpan.Zero), Parse("@daily").NextTick(clock, null));
    }

    [Fact]
    public void Timezone_puts_the_tick_at_local_wall_clock_time()
    {
        var clock = new FakeTimeProvider(Noon);
        // 09:00 in Paris is 08:00 UTC in winter and 07:00 UTC in summer.
        Assert.Equal(new DateTimeOffset(2026, 1, 16, 8, 0, 0, TimeSpan.Zero), Parse("0 9 * * *", "Europe/Paris").NextTick(clock, null)?.ToUniversalTime());
        clock.SetUtcNow(new DateTimeOffset(2026, 7, 15, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 7, 16, 7, 0, 0, TimeSpan.Zero), Parse("0 9 * * *", "Europe/Paris").NextTick(clock, null)?.ToUniversalTime());
    }

    [Fact]
    public void Cron_tz_prefix_is_accepted_as_in_Knative()
    {
        var clock = new FakeTimeProvider(Noon);
        Assert.Equal(new DateTimeOffset(2026, 1, 15, 14, 0, 0, TimeSpan.Zero), Parse("CRON_TZ=America/New_York 0 9 * * *").NextTick(clock, null)?.ToUniversalTime());
    }

    [Fact]
    public void A_tick_already_fired_is_never_the_next_one()
    {
        // After a restart the clock may read a little before the last tick written (clock skew between silos).
        var clock = new FakeTimeProvider(Noon.AddSeconds(-1));
        Assert.Equal(Noon.AddMinutes(1), Parse("* * * * *").NextTick(clock, lastTick: Noon));
    }

    [Fact]
    public void Ticks_missed_while_down_are_not_made_up()
    {
        var clock = new FakeTimeProvider(Noon.AddMinutes(10).AddSeconds(1));
        Assert.Equal(Noon.AddMinutes(11), Parse("* * * * *").NextTick(clock, lastTick: Noon));
    }

    [Theory]
    [InlineData("@every 1m", "@every")]
    [InlineData("* * * *", "4 fields")]
    [InlineData("* * * * * * *", "7 fields")]
    [InlineData("61 * * * *", "not a valid cron")]
    [InlineData("", "required")]
    public void Unsupported_schedules_are_refused_with_a_reason(string schedule, string reason)
    {
        Assert.Null(PingSchedule.TryParse(schedule, null, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Unknown_timezone_is_refused()
    {
        Assert.Null(PingSchedule.TryParse("* * * * *", "Mars/Olympus_Mons", out var error));
        Assert.Contains("IANA", error);
    }
}
