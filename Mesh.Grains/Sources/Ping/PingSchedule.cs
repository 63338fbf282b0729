using Cronos;

namespace Mesh.Grains.Sources.Ping;

/// <summary>
/// A PingSource's cron schedule: five fields, or six with a leading seconds field, or a descriptor
/// such as <c>@hourly</c>; evaluated in an IANA time zone (UTC by default).
/// </summary>
public sealed class PingSchedule
{
    private readonly CronExpression _expression;
    private readonly TimeZoneInfo _zone;

    private PingSchedule(CronExpression expression, TimeZoneInfo zone)
    {
        _expression = expression;
        _zone = zone;
    }

    /// <summary>Parses a schedule; returns null and says why when it is not one the mesh runs.</summary>
    public static PingSchedule? TryParse(string? schedule, string? timezone, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(schedule))
        {
            error = "schedule is required";
            return null;
        }
        var text = schedule.Trim();
        // Knative accepts a CRON_TZ= (or TZ=) prefix; spec.timezone wins when both are given.
        if (text.StartsWith("CRON_TZ=", StringComparison.Ordinal) || text.StartsWith("TZ=", StringComparison.Ordinal))
        {
            var space = text.IndexOf(' ');
            if (space < 0)
            {
                error = $"'{schedule}' has a time zone prefix but no schedule";
                return null;
            }
            timezone ??= text[(text.IndexOf('=') + 1)..space];
            text = text[(space + 1)..].Trim();
        }
        if (text.StartsWith("@every", StringComparison.OrdinalIgnoreCase))
        {
            error = $"'{schedule}': @every intervals are not supported; write a cron expression such as '*/5 * * * *'";
            return null;
        }
        var zone = TryFindZone(timezone, out error);
        if (zone is null) return null;
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (!text.StartsWith('@') && fields is not (5 or 6))
        {
            error = $"'{schedule}' has {fields} fields; a schedule has 5 (minute hour day month weekday) or 6 (with leading seconds)";
            return null;
        }
        try
        {
            var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
            return new PingSchedule(CronExpression.Parse(text, format), zone);
        }
        catch (CronFormatException e)
        {
            error = $"'{schedule}' is not a valid cron schedule: {e.Message}";
            return null;
        }
    }

    /// <summary>Finds an IANA time zone; null or empty means UTC.</summary>
    public static TimeZoneInfo? TryFindZone(string? timezone, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(timezone)) return TimeZoneInfo.Utc;
        if (TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out var zone)) return zone;
        error = $"'{timezone}' is not a known IANA time zone such as Europe/Paris or America/New_York";
        return null;
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null when there is none.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) =>
        _expression.GetNextOccurrence(after, _zone, inclusive: false);

    /// <summary>
    /// The next tick to fire: after now, and after the last tick fired so that a restart never fires
    /// a tick twice. Ticks missed while the mesh was down are not made up, as in Knative.
    /// </summary>
    public DateTimeOffset? NextTick(TimeProvider time, DateTimeOffset? lastTick)
    {
        var now = time.GetUtcNow();
        return NextAfter(lastTick is { } last && last > now ? last : now);
    }
}
