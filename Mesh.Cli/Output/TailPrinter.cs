using System.Text.Json.Nodes;

namespace Mesh.Cli.Output;

/// <summary>
/// Prints tail messages: each event on a line of its own and its delivery outcomes indented under it;
/// an outcome that belongs to an earlier event names it. In json mode, each message as it came.
/// </summary>
internal sealed class TailPrinter(TextWriter output, string format)
{
    public const string Text = "text";
    public const string Json = "json";
    private const int MaxData = 200;

    private string? _lastEvent;

    public void Write(JsonObject message, string raw)
    {
        if (format == Json)
        {
            output.WriteLine(raw);
            output.Flush();
            return;
        }
        var time = Time(message["time"]?.GetValue<string>());
        switch (message["kind"]?.GetValue<string>())
        {
            case "event":
                var e = message["event"] as JsonObject ?? [];
                _lastEvent = Str(e, "id");
                output.WriteLine($"{time}  {Str(e, "type")}  id={Str(e, "id")}  source={Str(e, "source")}  {Data(e)}".TrimEnd());
                break;
            case "outcome":
                var who = message["trigger"] is { } t ? $"trigger {t}" : message["subscription"] is { } s ? $"subscription {s}" : Str(message, "object");
                var status = message["statusCode"]?.GetValue<int>() is { } code ? $" {code}" : " (no response)";
                var attempt = message["attempt"]?.GetValue<int>() is > 0 and var n ? $" (attempt {n})" : "";
                var retry = message["retryAt"] is { } due ? $", next attempt at {Time(due.GetValue<string>())}" : "";
                var detail = message["detail"] is { } d ? $": {d}" : "";
                var which = Str(message, "eventId") == _lastEvent ? "" : $"  [event {Str(message, "eventId")}]";
                output.WriteLine($"    ↳ {who}: {Str(message, "result")}{status}{attempt}{retry}{detail}{which}");
                break;
            case "skipped":
                output.WriteLine($"    … {message["count"]} records skipped: the tail could not keep up");
                break;
        }
        output.Flush();
    }

    private static string Data(JsonObject e)
    {
        var text = e["data"] is { } data ? data.ToJsonString() : e["data_base64"] is { } b64 ? $"({Convert.FromBase64String(b64.GetValue<string>()).Length} bytes)" : "";
        return text.Length <= MaxData ? text : text[..MaxData] + "…";
    }

    private static string Time(string? iso) =>
        DateTimeOffset.TryParse(iso, out var at) ? at.UtcDateTime.ToString("HH:mm:ss.fff") : "";

    private static string? Str(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : o[name]?.ToJsonString();
}
