using System.Text.Json;

namespace Mesh.Cli.Events;

/// <summary>Which content types hold JSON, and the default for <c>--data</c> when none is given.</summary>
internal static class ContentTypes
{
    public const string Json = "application/json";
    public const string Text = "text/plain";

    public static bool IsJson(string contentType)
    {
        var media = contentType.Split(';')[0].Trim();
        return media.Equals(Json, StringComparison.OrdinalIgnoreCase)
            || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
            || media.Equals("text/json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// <c>application/json</c> as <c>kn event send</c> defaults to, except for data that is not JSON:
    /// labelling <c>hello</c> as JSON would make every JSON-decoding subscriber fail on it.
    /// </summary>
    public static string DefaultFor(string? data)
    {
        if (data is null)
            return Json;
        try
        {
            using var _ = JsonDocument.Parse(data);
            return Json;
        }
        catch (JsonException)
        {
            return Text;
        }
    }
}
