using System.Net.Mime;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Core;
using CloudNative.CloudEvents.Http;
using CloudNative.CloudEvents.SystemTextJson;
using Mesh.Grains.Events;
using Microsoft.Extensions.Primitives;

namespace Mesh.Gateway.Ingress;

/// <summary>
/// The HTTP binding glue the CloudEvents SDK lacks for ASP.NET Core: reads binary, structured and
/// batch mode requests into envelopes, or says precisely what is wrong.
/// </summary>
public sealed class CloudEventRequestReader
{
    private const string HeaderPrefix = "ce-";
    private static readonly JsonEventFormatter Formatter = new();

    public async Task<(IReadOnlyList<EventEnvelope>? Events, IngressProblem? Problem)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellation)
    {
        if (request.ContentLength > maxBytes) return (null, TooLarge(maxBytes));
        var body = await ReadBodyAsync(request, maxBytes, cancellation);
        if (body is null) return (null, TooLarge(maxBytes));

        var contentType = request.ContentType;
        var traceParent = request.Headers.TryGetValue("traceparent", out var tp) ? tp.ToString() : null;
        try
        {
            if (MimeUtilities.IsCloudEventsBatchContentType(contentType))
                return ReadBatch(body, contentType!, traceParent);
            if (MimeUtilities.IsCloudEventsContentType(contentType))
                return IsJsonFormat(contentType!) ? ReadStructured(body, contentType!, traceParent) : (null, UnsupportedFormat(contentType!));
            if (request.Headers.ContainsKey(HeaderPrefix + CloudEventNames.SpecVersion))
                return ReadBinary(request, body, traceParent);
            return (null, new IngressProblem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.",
                $"Content-Type '{contentType}' is neither {MimeUtilities.MediaType}json, {MimeUtilities.BatchMediaType}+json nor binary mode (no ce-specversion header).",
                "specversion"));
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or System.Text.Json.JsonException)
        {
            return (null, IngressProblem.Invalid(e.Message, AttributeNamedIn(e.Message)));
        }
    }

    private static (IReadOnlyList<EventEnvelope>?, IngressProblem?) ReadBinary(HttpRequest request, byte[] body, string? traceParent)
    {
        var versionId = request.Headers[HeaderPrefix + CloudEventNames.SpecVersion].ToString();
        var version = CloudEventsSpecVersion.FromVersionId(versionId);
        if (version is null)
            return (null, IngressProblem.Invalid($"Unsupported specversion '{versionId}'; this mesh accepts 1.0.", CloudEventNames.SpecVersion));
        var cloudEvent = new CloudEvent(version);
        foreach (var (name, values) in request.Headers)
        {
            if (!name.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase)) continue;
            var attribute = name[HeaderPrefix.Length..].ToLowerInvariant();
            if (attribute == CloudEventNames.SpecVersion) continue;
            if (attribute == CloudEventNames.DataContentType)
                return (null, IngressProblem.Invalid("datacontenttype travels in the Content-Type header in binary mode, not in ce-datacontenttype.", attribute));
            cloudEvent.SetAttributeFromString(attribute, HttpUtilities.DecodeHeaderValue(JoinValues(values)));
        }
        if (request.ContentType is { Length: > 0 } contentType) cloudEvent.DataContentType = contentType;
        var problem = Validate(cloudEvent);
        if (problem is not null) return (null, problem);
        return ([EnvelopeConverter.FromCloudEvent(cloudEvent, body) with { TraceParent = traceParent }], null);
    }

    private static (IReadOnlyList<EventEnvelope>?, IngressProblem?) ReadStructured(byte[] body, string contentType, string? traceParent)
    {
        var cloudEvent = Formatter.DecodeStructuredModeMessage(body, new ContentType(contentType), extensionAttributes: null);
        var problem = Validate(cloudEvent);
        if (problem is not null) return (null, problem);
        return ([EnvelopeConverter.FromCloudEvent(cloudEvent) with { TraceParent = traceParent }], null);
    }

    private static (IReadOnlyList<EventEnvelope>?, IngressProblem?) ReadBatch(byte[] body, string contentType, string? traceParent)
    {
        var events = Formatter.DecodeBatchModeMessage(body, new ContentType(contentType), extensionAttributes: null);
        var envelopes = new List<EventEnvelope>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            // All or nothing: one bad event refuses the whole batch.
            if (Validate(events[i]) is { } problem)
                return (null, problem with { Detail = $"Event {i} of the batch: {problem.Detail}" });
            envelopes.Add(EnvelopeConverter.FromCloudEvent(events[i]) with { TraceParent = traceParent });
        }
        return (envelopes, null);
    }

    private static IngressProblem? Validate(CloudEvent cloudEvent)
    {
        foreach (var required in cloudEvent.SpecVersion.RequiredAttributes)
        {
            var value = cloudEvent[required];
            if (value is null || value is string { Length: 0 })
                return IngressProblem.Invalid($"The required attribute '{required.Name}' is missing or empty.", required.Name);
        }
        return null;
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long maxBytes, CancellationToken cancellation)
    {
        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 1024);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellation)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static bool IsJsonFormat(string contentType) =>
        contentType.Split(';')[0].Trim().Equals(MimeUtilities.MediaType + "+json", StringComparison.OrdinalIgnoreCase)
        || contentType.Split(';')[0].Trim().Equals(MimeUtilities.MediaType, StringComparison.OrdinalIgnoreCase);

    private static string JoinValues(StringValues values) => values.Count == 1 ? values[0]! : string.Join(",", values.ToArray());

    private static IngressProblem TooLarge(long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, "The event is too large.", $"The request body exceeds Mesh:MaxEventBytes ({maxBytes} bytes).");

    private static IngressProblem UnsupportedFormat(string contentType) =>
        new(StatusCodes.Status415UnsupportedMediaType, "Unsupported event format.", $"'{contentType}' is not a format this mesh reads; use application/cloudevents+json or binary mode.");

    // The SDK's messages name the attribute in single quotes or after "attribute"; surface it for the problem body.
    private static string? AttributeNamedIn(string message)
    {
        var start = message.IndexOf('\'');
        if (start < 0) return null;
        var end = message.IndexOf('\'', start + 1);
        return end > start ? message[(start + 1)..end] : null;
    }
}
