using System.Globalization;
using Mesh.Cli.Client;
using System.Text.Json.Nodes;

namespace Mesh.Cli.Output;

/// <summary>Ages the way <c>kubectl get</c> prints them: the largest whole unit, <c>5s</c>, <c>3m</c>, <c>2h</c>, <c>4d</c>.</summary>
internal static class AgeFormatter
{
    public static string Format(TimeSpan age)
    {
        // A server clock slightly ahead of ours must not print a negative age.
        if (age < TimeSpan.Zero)
            age = TimeSpan.Zero;
        return age switch
        {
            { TotalMinutes: < 1 } => $"{(int)age.TotalSeconds}s",
            { TotalHours: < 1 } => $"{(int)age.TotalMinutes}m",
            { TotalDays: < 1 } => $"{(int)age.TotalHours}h",
            { TotalDays: < 365 } => $"{(int)age.TotalDays}d",
            _ => $"{(int)(age.TotalDays / 365)}y",
        };
    }

    /// <summary>The age of an RFC 3339 timestamp, or <c>&lt;unknown&gt;</c> when it is absent or unreadable.</summary>
    public static string Since(string? timestamp, DateTimeOffset now) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var then)
            ? Format(now - then)
            : "<unknown>";

    public static string AgeOf(JsonNode? resource, DateTimeOffset now) =>
        Since(resource.At("metadata", "creationTimestamp").Str(), now);
}
