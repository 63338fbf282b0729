using System.Globalization;

namespace Mesh.Operator.Watch;

/// <summary>
/// A watch request's parameters, as the API server reads them: <c>resourceVersion</c> (absent, empty or
/// <c>0</c>: start with every current object as ADDED; else resume after that version) and
/// <c>timeoutSeconds</c> (end the stream after that long).
/// </summary>
public sealed record WatchQuery(long? ResourceVersion, TimeSpan? Timeout)
{
    /// <summary>Whether the request asks for a watch (<c>?watch=true</c> or <c>?watch=1</c>).</summary>
    public static bool IsWatch(IQueryCollection query) =>
        query["watch"].ToString() is var value && (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || value == "1");

    /// <returns>The parameters, or the reason they are refused.</returns>
    public static (WatchQuery? Query, string? Error) From(IQueryCollection query)
    {
        long? version = null;
        if (query["resourceVersion"].ToString() is { Length: > 0 } text && text != "0")
        {
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                return (null, $"resourceVersion must be a version this server gave (was '{text}')");
            version = parsed;
        }
        TimeSpan? timeout = null;
        if (query["timeoutSeconds"].ToString() is { Length: > 0 } seconds)
        {
            if (!int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                return (null, $"timeoutSeconds must be a non-negative integer (was '{seconds}')");
            if (value > 0) timeout = TimeSpan.FromSeconds(value);
        }
        return (new WatchQuery(version, timeout), null);
    }
}
