using System.Globalization;

namespace Mesh.Grains.Events;

/// <summary>The form of <c>knativearrivaltime</c>: an RFC 3339 timestamp in UTC, to the tick.</summary>
public static class ArrivalTime
{
    public static string Format(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
