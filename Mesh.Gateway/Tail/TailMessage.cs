using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Mesh.Grains.Events;
using Mesh.Grains.Tail;

namespace Mesh.Gateway.Tail;

/// <summary>A tail record as the JSON object of one server-sent event (docs/observability.md shows each kind).</summary>
public static class TailMessage
{
    private static readonly JsonEventFormatter Formatter = new();

    public static JsonObject Ready(string key) => new() { ["kind"] = "ready", ["object"] = key };

    public static JsonObject From(TailRecord record)
    {
        var message = new JsonObject
        {
            ["kind"] = record.Kind,
            ["object"] = record.Origin,
            ["time"] = record.At.ToString("O"),
        };
        if (record.Event is { } e) message["event"] = Structured(e);
        if (record.Outcome is { } o)
        {
            var (plural, ns, name) = Split(record.Origin);
            message[plural.TrimEnd('s')] = name;
            message["namespace"] = ns;
            message["eventId"] = o.EventId;
            message["eventSource"] = o.EventSource;
            message["eventType"] = o.EventType;
            message["result"] = o.Result;
            message["statusCode"] = o.StatusCode;
            message["attempt"] = o.Attempt;
            if (o.RetryAt is { } due) message["retryAt"] = due.ToString("O");
            if (o.Detail is { } detail) message["detail"] = detail;
        }
        if (record.Kind == TailRecord.Kinds.Skipped) message["count"] = record.Skipped;
        return message;
    }

    private static JsonNode? Structured(EventEnvelope envelope)
    {
        var bytes = Formatter.EncodeStructuredModeMessage(EnvelopeConverter.ToCloudEvent(envelope), out _);
        return JsonNode.Parse(bytes.Span);
    }

    private static (string Plural, string Namespace, string Name) Split(string key)
    {
        var parts = key.Split('/', 3);
        return parts.Length == 3 ? (parts[0], parts[1], parts[2]) : (key, "", "");
    }
}
